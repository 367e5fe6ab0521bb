package io.appstack.operator.image;

import static org.assertj.core.api.Assertions.assertThat;

import io.appstack.operator.api.AppStack;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The API server the image build trains the AppCDS archive against answers what an operator's start asks, as a real
 * one would to an operator with nothing to do — through the Kubernetes client, over TLS checked against its own CA.
 */
class TrainingApiServerTest {
  @TempDir
  Path dir;

  @Test
  void answersAStartAsAnEmptyClusterWould() throws Exception {
    KeyStore keys = CdsTraining.serverKeys(dir);
    try (TrainingApiServer server = new TrainingApiServer(keys, CdsTraining.PASSWORD);
        KubernetesClient client = new KubernetesClientBuilder().withConfig(new ConfigBuilder()
            .withMasterUrl("https://127.0.0.1:" + server.port())
            .withCaCertFile(dir.resolve("ca.pem").toString())
            .withOauthToken("training").withRequestRetryBackoffLimit(0).build()).build()) {
      assertThat(client.resources(AppStack.class).inAnyNamespace().list().getItems()).isEmpty();
      assertThat(client.apps().deployments().inNamespace("ns").withLabel("a", "b").list().getItems()).isEmpty();
      assertThat(client.apps().deployments().inNamespace("ns").withName("api").get()).isNull();

      Lease lease = client.resource(new LeaseBuilder().withNewMetadata().withName("lease").withNamespace("ns")
          .endMetadata().withNewSpec().withHolderIdentity("me").endSpec().build()).create();
      assertThat(lease.getSpec().getHolderIdentity()).as("created: answered with itself").isEqualTo("me");

      var informer = client.apps().deployments().inAnyNamespace().inform();
      assertThat(informer.hasSynced()).as("listed and watching").isTrue();
      assertThat(informer.isWatching()).isTrue();
      informer.stop();

      try (var watch = client.resources(AppStack.class).inAnyNamespace().watch(new Watcher<>() {
        @Override
        public void eventReceived(Action action, AppStack resource) {}

        @Override
        public void onClose(WatcherException cause) {}
      })) {
        assertThat(watch).isNotNull();
      }
    }
  }

  @Test
  void tellsCollectionsFromSingleObjects() {
    for (String collection : List.of("/api/v1/secrets", "/api/v1/namespaces/ns/secrets", "/apis/apps/v1/deployments",
        "/apis/apps/v1/namespaces/ns/deployments", "/apis/appstack.io/v1alpha1/appstacks", "/api/v1/namespaces")) {
      assertThat(TrainingApiServer.isCollection(collection)).as(collection).isTrue();
    }
    for (String single : List.of("/api/v1/namespaces/ns", "/api/v1/namespaces/ns/secrets/s",
        "/apis/coordination.k8s.io/v1/namespaces/ns/leases/lease",
        "/apis/apiextensions.k8s.io/v1/customresourcedefinitions/appstacks.appstack.io", "/apis", "/version")) {
      assertThat(TrainingApiServer.isCollection(single)).as(single).isFalse();
    }
  }

  /** RFC 6455's own example of the handshake. */
  @Test
  void acceptsAWebSocketAsRfc6455Says() {
    assertThat(TrainingApiServer.accept("dGhlIHNhbXBsZSBub25jZQ==")).isEqualTo("s3pPLMBiTxaQ9kYGzzhZRbK+xOo=");
  }

  @Test
  void writesItsCaForTheClient() throws Exception {
    CdsTraining.serverKeys(dir);
    assertThat(Files.readString(dir.resolve("ca.pem"))).startsWith("-----BEGIN CERTIFICATE-----");
  }
}
