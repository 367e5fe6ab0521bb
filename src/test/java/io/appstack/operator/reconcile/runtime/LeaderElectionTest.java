package io.appstack.operator.reconcile.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class LeaderElectionTest {
  private static final Runnable NO_EXIT = () -> { };

  @Test
  void enabledUsesTheConfiguredLeaseNameAndNamespace() {
    var config = LeaderElection.configuration(true, "my-lease", Optional.of("appstack-system"), NO_EXIT);

    assertThat(config).isNotNull();
    assertThat(config.getLeaseName()).isEqualTo("my-lease");
    assertThat(config.getLeaseNamespace()).contains("appstack-system");
    // Our callback exits, not JOSDK's System.exit (which deadlocks inside a shutdown hook).
    assertThat(config.isExitOnStopLeading()).isFalse();
    assertThat(config.getLeaderCallbacks()).isPresent();
  }

  @Test
  void withoutANamespaceTheSdkInfersTheServiceAccountsNamespace() {
    assertThat(LeaderElection.configuration(true, "l", Optional.empty(), NO_EXIT).getLeaseNamespace()).isEmpty();
    assertThat(LeaderElection.configuration(true, "l", Optional.of(" "), NO_EXIT).getLeaseNamespace()).isEmpty();
  }

  @Test
  void disabledProducesNoConfiguration() {
    assertThat(LeaderElection.configuration(false, "l", Optional.of("ns"), NO_EXIT)).isNull();
  }

  @Test
  void losingTheLeaseWhileRunningExits() {
    AtomicInteger exits = new AtomicInteger();
    var config = LeaderElection.configuration(true, "l", Optional.empty(), exits::incrementAndGet);

    config.getLeaderCallbacks().orElseThrow().onStopLeading();

    assertThat(LeaderElection.jvmShuttingDown()).isFalse();
    assertThat(exits).hasValue(1);
  }

  /**
   * The lease is released from a shutdown hook when the pod stops. Exiting there would block forever; a
   * child JVM shows the process still ends, with the status of the original exit.
   */
  @Test
  void releasingTheLeaseDuringShutdownDoesNotExitAgain() throws Exception {
    Path out = Files.createTempFile(Path.of("target"), "leader-shutdown", ".log");
    Process child = new ProcessBuilder(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"),
        ShutdownProbe.class.getName()))
        .redirectErrorStream(true)
        .redirectOutput(out.toFile())
        .start();

    boolean ended = child.waitFor(30, TimeUnit.SECONDS);
    if (!ended) {
      child.destroyForcibly();
    }
    assertThat(ended).as("child JVM ended; output: %s", Files.readString(out, StandardCharsets.UTF_8)).isTrue();
    assertThat(child.exitValue()).isEqualTo(3);
    assertThat(Files.readString(out, StandardCharsets.UTF_8)).contains("hook ran", "shutting down: true");
  }

  /** Main of the child JVM: releases the lease from a shutdown hook whose exit would deadlock. */
  public static final class ShutdownProbe {
    public static void main(String[] args) {
      var config = LeaderElection.configuration(true, "l", Optional.empty(), () -> System.exit(1));
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        System.out.println("shutting down: " + LeaderElection.jvmShuttingDown());
        config.getLeaderCallbacks().orElseThrow().onStopLeading();
        System.out.println("hook ran");
      }));
      System.exit(3);
    }
  }

  /**
   * The Lease is released only after the SDK stopped reconciling: the release observer runs after Quarkus
   * Operator SDK's shutdown observer (CDI calls lower priorities first; no annotation is the default).
   */
  @Test
  void theLeaseIsReleasedAfterTheOperatorStops() throws NoSuchMethodException {
    var sdkShutdown = io.quarkiverse.operatorsdk.runtime.AppEventListener.class
        .getMethod("onShutdown", io.quarkus.runtime.ShutdownEvent.class).getParameters()[0];
    int sdkPriority = java.util.Optional.ofNullable(sdkShutdown.getAnnotation(jakarta.annotation.Priority.class))
        .map(jakarta.annotation.Priority::value).orElse(jakarta.interceptor.Interceptor.Priority.APPLICATION + 500);
    var release = java.util.Arrays.stream(LeaderElection.class.getDeclaredMethods())
        .filter(m -> m.getName().equals("releaseOnShutdown")).findFirst().orElseThrow().getParameters()[0];
    assertThat(release.getAnnotation(jakarta.annotation.Priority.class).value()).isGreaterThan(sdkPriority);
  }

  @Test
  void onInProductionOffInTestsAndDevMode() throws IOException {
    Properties properties = new Properties();
    try (Reader reader = Files.newBufferedReader(Path.of("src/main/resources/application.properties"))) {
      properties.load(reader);
    }
    assertThat(properties.getProperty("quarkus.operator-sdk.activate-leader-election-for-profiles"))
        .isEqualTo("prod");
    assertThat(properties.getProperty(LeaderElection.ENABLED)).isEqualTo("true");
    assertThat(properties.getProperty("%test." + LeaderElection.ENABLED)).isEqualTo("false");
    assertThat(properties.getProperty("%dev." + LeaderElection.ENABLED)).isEqualTo("false");
    // The release needs the client after the SDK stopped (PackagedOperatorTest shows it on the packaged jar).
    assertThat(properties.getProperty("quarkus.operator-sdk.close-client-on-stop")).isEqualTo("false");
  }
}
