package io.appstack.operator.scaling;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.fields;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import java.time.Clock;
import java.time.Instant;

/** The engine stays a pure library: no Kubernetes, no framework, no I/O, no hidden clock or state. */
@AnalyzeClasses(packages = "io.appstack.operator.scaling", importOptions = ImportOption.DoNotIncludeTests.class)
class ScalingArchitectureTest {

  @ArchTest
  static final ArchRule noFrameworksOrNetwork = noClasses()
      .that().resideInAPackage("io.appstack.operator.scaling..")
      .should().dependOnClassesThat().resideInAnyPackage(
          "io.fabric8..", "io.javaoperatorsdk..", "io.quarkus..", "jakarta..", "javax.inject..",
          "java.net..", "java.net.http..", "io.vertx..", "okhttp3..", "java.io..", "java.nio.file..",
          "java.sql..", "com.fasterxml.jackson..")
      .because("the scaling engine is a pure decision function (DESIGN §4)");

  @ArchTest
  static final ArchRule noOtherOperatorPackages = noClasses()
      .that().resideInAPackage("io.appstack.operator.scaling..")
      .should().dependOnClassesThat().resideInAnyPackage(
          "io.appstack.operator.reconcile..", "io.appstack.operator.metrics..", "io.appstack.operator.simulate..",
          "io.appstack.operator.api..", "io.appstack.operator.policy..", "io.appstack.operator.kube..",
          "io.appstack.operator.datatier..", "io.appstack.operator.monitoring..")
      .because("data flows one way: the others use the engine, never the reverse; the engine sees its own value types,"
          + " not the CRD model (policy.SpecPolicies translates the spec)");

  @ArchTest
  static final ArchRule timeOnlyFromTheInjectedClock = noClasses()
      .that().resideInAPackage("io.appstack.operator.scaling..")
      .should().callMethod(Instant.class, "now")
      .orShould().callMethod(System.class, "currentTimeMillis")
      .orShould().callMethod(System.class, "nanoTime")
      .orShould().callMethod(Clock.class, "systemUTC")
      .orShould().callMethod(Clock.class, "systemDefaultZone")
      .because("restarts must replay identically: time comes from the Clock passed to the engine");

  @ArchTest
  static final ArchRule noMutableStaticState = fields()
      .that().areDeclaredInClassesThat().resideInAPackage("io.appstack.operator.scaling..")
      .and().areStatic()
      .should().beFinal()
      .because("the engine must be a pure function of its inputs");
}
