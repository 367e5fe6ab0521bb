package io.appstack.operator.testing;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.FileInputStream;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * {@code make dev}'s control plane: the test harness's etcd, kube-apiserver, controllers and kwok, with the
 * AppStack CRD applied and the admin kubeconfig copied to a fixed path. Runs until it is stopped (Ctrl-C or
 * SIGTERM), then stops every process it started.
 *
 * <p>Usage: {@code DevCluster <kubeconfig path>}; the file appears once the control plane is ready.
 */
public final class DevCluster {
  private DevCluster() {}

  public static void main(String[] args) throws Exception {
    Path target = Path.of(args.length > 0 ? args[0] : "target/dev/kubeconfig").toAbsolutePath();
    Files.deleteIfExists(target);
    ControlPlane cluster = ControlPlane.dedicated();
    try (KubernetesClient client = cluster.client("appstack-dev");
        InputStream crd = new FileInputStream("crds/appstacks.appstack.io-v1.yml")) {
      HasMetadata definition = client.load(crd).items().get(0);
      client.resource(definition).forceConflicts().fieldManager("appstack-dev").serverSideApply();
      client.apiextensions().v1().customResourceDefinitions().withName(definition.getMetadata().getName())
          .waitUntilCondition(c -> c.getStatus() != null && c.getStatus().getConditions().stream()
              .anyMatch(x -> "Established".equals(x.getType()) && "True".equals(x.getStatus())),
              30, java.util.concurrent.TimeUnit.SECONDS);
    }
    Files.createDirectories(target.getParent());
    Path partial = target.resolveSibling(target.getFileName() + ".tmp");
    Files.copy(cluster.kubeconfig(), partial, StandardCopyOption.REPLACE_EXISTING);
    Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE);
    System.out.println("control plane ready in " + cluster.startedIn().toMillis() + " ms (logs: "
        + cluster.kubeconfig().getParent() + ")");
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      try {
        Files.deleteIfExists(target);
      } catch (java.io.IOException e) {
        // the next start replaces it
      }
    }));
    Thread.currentThread().join();
  }
}
