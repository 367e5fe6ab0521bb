package io.appstack.operator;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import io.appstack.operator.scaling.MetricsSnapshot;
import io.appstack.operator.scaling.ScalingEngine;
import io.appstack.operator.scaling.ScalingLoop;
import io.appstack.operator.scaling.config.StackPolicy;
import io.appstack.operator.scaling.state.ScalingState;
import java.util.Map;

/**
 * The packages' layering (DESIGN.md §4): data flows one way, spec + metrics → decision → desired objects → status.
 * {@code kube} holds the Kubernetes building blocks both tiers share (names, labels, ownership, events, conditions).
 */
@AnalyzeClasses(packages = "io.appstack.operator", importOptions = ImportOption.DoNotIncludeTests.class)
class LayeringTest {

  @ArchTest
  static final ArchRule layers = layeredArchitecture().consideringOnlyDependenciesInLayers()
      .layer("api").definedBy("io.appstack.operator.api..")
      .layer("scaling").definedBy("io.appstack.operator.scaling..")
      .layer("policy").definedBy("io.appstack.operator.policy..")
      .layer("metrics").definedBy("io.appstack.operator.metrics..")
      .layer("kube").definedBy("io.appstack.operator.kube..")
      .layer("datatier").definedBy("io.appstack.operator.datatier..")
      .layer("monitoring").definedBy("io.appstack.operator.monitoring..")
      .layer("reconcile").definedBy("io.appstack.operator.reconcile..")
      .layer("simulate").definedBy("io.appstack.operator.simulate..")
      .whereLayer("reconcile").mayNotBeAccessedByAnyLayer()
      .whereLayer("simulate").mayNotBeAccessedByAnyLayer()
      .whereLayer("monitoring").mayOnlyBeAccessedByLayers("reconcile")
      .whereLayer("policy").mayOnlyBeAccessedByLayers("reconcile", "simulate")
      .whereLayer("datatier").mayOnlyBeAccessedByLayers("monitoring", "reconcile")
      .whereLayer("kube").mayOnlyBeAccessedByLayers("datatier", "monitoring", "reconcile")
      .whereLayer("metrics").mayOnlyBeAccessedByLayers("policy", "reconcile", "simulate")
      .whereLayer("api").mayOnlyBeAccessedByLayers("policy", "kube", "datatier", "monitoring", "reconcile", "simulate")
      .because("each package depends only on the ones below it");

  @ArchTest
  static final ArchRule oneScalingLoop = noClasses()
      .that().doNotHaveFullyQualifiedName(ScalingLoop.class.getName())
      .should().callMethod(ScalingEngine.class, "evaluate", StackPolicy.class, MetricsSnapshot.class, Map.class,
          ScalingState.class)
      .because("the operator and the simulator run the engine through the one ScalingLoop (collect → decide → realise),"
          + " so the simulator judges what the operator does");

  @ArchTest
  static final ArchRule theMoveRunsWithoutTheOperator = noClasses()
      .that().resideInAPackage("io.appstack.operator.datatier.move..")
      .should().dependOnClassesThat().resideInAnyPackage("io.fabric8..", "io.javaoperatorsdk..", "io.quarkus..",
          "jakarta..", "io.appstack.operator.api..", "io.appstack.operator.kube..", "io.appstack.operator.reconcile..")
      .because("the Redis move Job runs RedisMoveMain from a plain classpath, without starting the operator");

  @ArchTest
  static final ArchRule theImageTrainingRunsOnTheJdkAlone = noClasses()
      .that().resideInAPackage("io.appstack.operator.image..")
      .should().dependOnClassesThat().resideOutsideOfPackages("java..", "javax..", "com.sun.net.httpserver..",
          "io.appstack.operator.image..")
      .because("the Dockerfile runs CdsTraining with only the operator's own jar on the classpath");
}
