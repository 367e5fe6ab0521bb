package io.appstack.operator.testing;

import io.appstack.operator.api.AppStack;
import io.appstack.operator.api.AppStackSpec;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.function.UnaryOperator;

/**
 * Changes a stack's spec as a user with {@code kubectl edit} would: read, change, write. The operator writes status
 * at every poll, and a status write bumps the resource version, so the write may meet a 409 Conflict; then, as the
 * user would, read and change again. Only conflicts are retried: any other refusal is the test's answer.
 */
public final class StackEdits {
  private static final int ATTEMPTS = 10;

  private StackEdits() {}

  public static AppStack edit(KubernetesClient client, String namespace, String name,
      UnaryOperator<AppStackSpec> change) {
    for (int attempt = 1; ; attempt++) {
      try {
        return client.resources(AppStack.class).inNamespace(namespace).withName(name).edit(s -> {
          s.setSpec(change.apply(s.getSpec()));
          return s;
        });
      } catch (KubernetesClientException e) {
        if (e.getCode() != 409 || attempt == ATTEMPTS) {
          throw e;
        }
        // As a user would, take a moment before reading the stack again.
        java.util.concurrent.locks.LockSupport.parkNanos(java.time.Duration.ofMillis(100L * attempt).toNanos());
      }
    }
  }
}
