package io.appstack.operator.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.appstack.operator.api.AppStack;
import io.appstack.operator.testing.AuditLog;
import io.appstack.operator.testing.InProcessOperator;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Edits land while the operator is writing the status of earlier ones, on a real control plane with server-side
 * apply: no status write is refused for it (the API server's audit log has each answer). Written with the
 * resourceVersion the reconcile read, the write of a reconcile an edit overtook was refused with a 409, and the
 * reconcile was retried.
 */
@Tag(ControlPlaneTests.TAG)
class EditsDuringReconcilesTest {
  static final int EDITS = 60;
  static ClusterStacks stacks;

  @BeforeAll
  static void start() {
    stacks = new ClusterStacks("racing").startOperator(URI.create("http://127.0.0.1:9"));
  }

  @AfterAll
  static void stop() {
    if (stacks != null) {
      stacks.close();
    }
  }

  @Test
  void specEditsInQuickSuccessionNeverFailAStatusWrite() {
    stacks.create("""
        apiVersion: appstack.io/v1alpha1
        kind: AppStack
        metadata: {name: edited}
        spec:
          autoscaling: {pollInterval: 1s}
          api: {image: ghcr.io/acme/shop-api:1.4.2}
          workers:
            - {name: emails, image: ghcr.io/acme/shop-worker:1.4.2, queue: emails}
        """);
    stacks.awaitCondition("edited", "Ready", "True");
    AuditLog audit = stacks.cluster.auditLog();
    long mark = audit.mark();

    // As kubectl edit does (a patch without resourceVersion), one after another: each is a new generation, and
    // the operator reconciles (and writes status) while the next lands.
    for (int i = 0; i < EDITS; i++) {
      stacks.client.resources(AppStack.class).inNamespace(stacks.ns).withName("edited")
          .patch(PatchContext.of(PatchType.JSON), "[{\"op\": \"add\", \"path\": \"/spec/paused\", \"value\": "
              + (i % 2 == 0) + "}]");
    }

    await().atMost(ClusterStacks.TIMEOUT).until(() -> {
      AppStack stack = stacks.stack("edited");
      return stack.getStatus() != null
          && stack.getMetadata().getGeneration().equals(stack.getStatus().observedGeneration());
    });
    assertThat(stacks.stack("edited").getSpec().paused()).isFalse();
    List<AuditLog.Entry> statusWrites = audit.since(mark, e -> e.isWrite() && "status".equals(e.subresource())
        && e.userAgent().startsWith(InProcessOperator.USER_AGENT) && stacks.ns.equals(e.namespace()));
    assertThat(statusWrites).as("the operator wrote status while the edits landed").isNotEmpty();
    assertThat(statusWrites).as("status writes refused").allSatisfy(e -> assertThat(e.code()).isEqualTo(200));
    assertThat(stacks.operator().failures()).as("reconciles that failed").isEmpty();
  }
}
