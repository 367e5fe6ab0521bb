package io.appstack.operator.chart;

import io.appstack.operator.testing.PackagedOperator;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The image runs the Quarkus fast-jar as a numeric non-root user, from a pinned base (not built here). */
class DockerfileTest {
  private static final List<String> LINES = lines("Dockerfile");

  @Test
  void runsAsANumericNonRootUser() {
    // runAsNonRoot in the chart can only be verified by the kubelet for a numeric USER; the last one is the run's.
    List<String> users = LINES.stream().filter(l -> l.startsWith("USER ")).toList();
    assertThat(users).isNotEmpty();
    assertThat(Integer.parseInt(users.get(users.size() - 1).substring(5).trim())).isPositive();
  }

  /**
   * The AppCDS archive is written by the image's own JVM (one archive holds for one JVM build), from a whole start
   * against the training API server (TrainingApiServerTest), and used.
   */
  @Test
  void writesAndUsesTheAppCdsArchiveWithItsOwnJvm() {
    String run = PackagedOperator.appCdsRunLine();
    assertThat(run).startsWith("cd /deployments && ")
        .contains("java -cp '/deployments/app/*' io.appstack.operator.image.CdsTraining /deployments");
    assertThat(LINES).filteredOn(l -> l.startsWith("ENV JAVA_OPTS_APPEND=")).singleElement()
        .satisfies(l -> assertThat(l).contains("-XX:SharedArchiveFile=/deployments/app-cds.jsa"));
  }

  @Test
  void baseImageIsPinned() {
    assertThat(LINES).filteredOn(l -> l.startsWith("ARG BASE_IMAGE=")).singleElement()
        .satisfies(l -> assertThat(l).matches("ARG BASE_IMAGE=[^:]+:[0-9][0-9.]*"));
  }

  @Test
  void copiesTheFastJarLayout() {
    assertThat(LINES).filteredOn(l -> l.startsWith("COPY ")).containsExactly(
        "COPY target/quarkus-app/lib/ /deployments/lib/",
        "COPY target/quarkus-app/*.jar /deployments/",
        "COPY target/quarkus-app/app/ /deployments/app/",
        "COPY target/quarkus-app/quarkus/ /deployments/quarkus/");
    assertThat(LINES).contains("ENV JAVA_APP_JAR=\"/deployments/quarkus-run.jar\"", "EXPOSE 8080");
  }

  @Test
  void buildContextIsOnlyTheFastJar() {
    assertThat(lines(".dockerignore")).filteredOn(l -> !l.startsWith("#"))
        .containsExactly("*", "!target/quarkus-app/");
  }

  private static List<String> lines(String file) {
    try {
      return Files.readAllLines(Path.of(file)).stream().map(String::strip).filter(l -> !l.isEmpty()).toList();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
