package io.appstack.operator.bench;

import io.appstack.operator.testing.ControlPlane;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * What the control plane alone needs to bring up the pods of {@link ControlPlaneScaleBenchmark}'s stacks, with
 * no operator: per stack the same workloads (4 Deployments of 2 pods, 2 StatefulSets of 1 pod with a volume,
 * 4 Services), written directly. The time to all pods Running is the floor under the benchmark's time to all
 * Ready on the same machine.
 *
 * <p>Run: {@code bench/control-plane-pods.sh [stacks=1000] [namespaces=10]}.
 */
public final class ControlPlanePodsBaseline {
  public static void main(String[] args) throws Exception {
    int stacks = args.length > 0 ? Integer.parseInt(args[0]) : 1_000;
    int namespaceCount = args.length > 1 ? Integer.parseInt(args[1]) : 10;
    int exit = 0;
    ControlPlane cluster = ControlPlane.dedicated();
    try (KubernetesClient client = cluster.client("appstack-bench-pods")) {
      List<String> namespaces = IntStream.range(0, namespaceCount).mapToObj(i -> cluster.namespace("pods"))
          .toList();
      IntStream.range(0, stacks).parallel().forEach(i -> {
        String ns = namespaces.get(i % namespaceCount);
        for (String set : List.of("redis", "postgres")) {
          ControlPlane.volumeFor(client, ns, "data-stack-" + i + "-" + set + "-0");
        }
      });
      List<String> components = List.of("etcd", "kube-apiserver", "kube-controller-manager", "kube-scheduler",
          "kwok");
      Map<String, Duration> cpuAtStart = ControlPlaneScaleBenchmark.cpu(cluster, components);
      long start = System.nanoTime();
      IntStream.range(0, stacks).parallel().forEach(i -> create(client, namespaces.get(i % namespaceCount),
          "stack-" + i));
      long created = System.nanoTime();
      int expected = stacks * 10;
      int running = 0;
      long lastReport = 0;
      while (running < expected) {
        running = ControlPlaneScaleBenchmark.runningPods(client);
        if (System.nanoTime() - lastReport > 10e9) {
          lastReport = System.nanoTime();
          System.out.printf("  %5.0f s: %,d/%,d pods Running%n", (lastReport - start) / 1e9, running, expected);
        }
        if (running < expected) {
          Thread.sleep(1000);
        }
      }
      long done = System.nanoTime();
      System.out.println();
      ControlPlaneScaleBenchmark.row("workloads of " + stacks + " stacks, no operator",
          String.format("%,d pods Running in %.1f s (writing the objects: %.1f s)", expected, (done - start) / 1e9,
              (created - start) / 1e9));
      ControlPlaneScaleBenchmark.row("CPU: control plane", ControlPlaneScaleBenchmark.cpuSince(cpuAtStart,
          ControlPlaneScaleBenchmark.cpu(cluster, components)));
    } catch (Throwable e) {
      e.printStackTrace();
      exit = 1;
    } finally {
      cluster.close();
    }
    System.exit(exit);
  }

  /** One stack's workloads: API, two worker pools and PgBouncer (2 pods each), Redis and PostgreSQL (1 each). */
  static void create(KubernetesClient client, String ns, String stack) {
    for (String deployment : List.of("api", "worker-emails", "worker-reports", "pgbouncer")) {
      String name = stack + "-" + deployment;
      client.apps().deployments().inNamespace(ns).resource(new DeploymentBuilder()
          .withNewMetadata().withName(name).endMetadata()
          .withNewSpec().withReplicas(2).withNewSelector().addToMatchLabels("app", name).endSelector()
          .withTemplate(template(name)).endSpec().build()).create();
    }
    for (String set : List.of("redis", "postgres")) {
      String name = stack + "-" + set;
      client.apps().statefulSets().inNamespace(ns).resource(new StatefulSetBuilder()
          .withNewMetadata().withName(name).endMetadata()
          .withNewSpec().withReplicas(1).withServiceName(name)
          .withNewSelector().addToMatchLabels("app", name).endSelector()
          .withTemplate(template(name))
          .addNewVolumeClaimTemplate().withNewMetadata().withName("data").endMetadata()
          .withNewSpec().withAccessModes("ReadWriteOnce")
          .withNewResources().addToRequests("storage", new Quantity("1Gi")).endResources().endSpec()
          .endVolumeClaimTemplate()
          .endSpec().build()).create();
    }
    for (String service : List.of("api", "redis", "postgres", "pgbouncer")) {
      String name = stack + "-" + service;
      client.services().inNamespace(ns).resource(new ServiceBuilder().withNewMetadata().withName(name).endMetadata()
          .withNewSpec().addToSelector("app", name).addNewPort().withPort(80).endPort().endSpec().build()).create();
    }
  }

  /** A pod the restricted Pod Security Standard admits, with the same requests as the stacks' apps. */
  static PodTemplateSpec template(String name) {
    return new PodTemplateSpecBuilder().withNewMetadata().addToLabels("app", name).endMetadata()
        .withNewSpec()
        .withNewSecurityContext().withRunAsNonRoot(true).withNewSeccompProfile().withType("RuntimeDefault")
        .endSeccompProfile().endSecurityContext()
        .addNewContainer().withName("main").withImage("ghcr.io/acme/app:1")
        .withNewResources().addToRequests(Map.of("cpu", new Quantity("100m"), "memory", new Quantity("128Mi")))
        .endResources()
        .withNewSecurityContext().withAllowPrivilegeEscalation(false).withNewCapabilities().addToDrop("ALL")
        .endCapabilities().endSecurityContext()
        .endContainer()
        .endSpec().build();
  }

  private ControlPlanePodsBaseline() {}
}
