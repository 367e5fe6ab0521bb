package io.appstack.operator.testing;

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
    cluster.applyCrd(Path.of("crds/appstacks.appstack.io-v1.yml"));
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
