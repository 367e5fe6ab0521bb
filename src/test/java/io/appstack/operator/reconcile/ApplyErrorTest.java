package io.appstack.operator.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import io.appstack.operator.api.ApiSpec;
import io.appstack.operator.api.AppStack;
import io.appstack.operator.api.AppStackSpec;
import io.appstack.operator.kube.ChildOwnership;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.IOException;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Which apply errors retrying can fix: table-driven, one row per kind of failure. */
class ApplyErrorTest {
  static KubernetesClientException server(int code, String message) {
    return new KubernetesClientException(new StatusBuilder().withCode(code).withMessage(message).build());
  }

  static Stream<Arguments> failures() {
    AppStack stack = new AppStack("ns", "shop", AppStackSpec.ofApi(ApiSpec.of("a/b:1")));
    stack.getMetadata().setUid("u1");
    var foreign = new ChildOwnership.ForeignObject(new ServiceBuilder().withNewMetadata().withName("shop-api")
        .endMetadata().build(), stack);
    return Stream.of(
        Arguments.of("invalid", server(422, "Deployment.apps \"shop-api\" is invalid: spec.replicas: Invalid value"),
            false, "the API server refused it (422): Deployment.apps \"shop-api\" is invalid"),
        Arguments.of("forbidden", server(403, "admission webhook denied the request"), false, "(403)"),
        Arguments.of("bad request", server(400, "bad request"), false, "(400)"),
        Arguments.of("an object in the way", new RuntimeException(foreign), false,
            "Service shop-api exists and is not owned by AppStack shop"),
        Arguments.of("conflict", server(409, "the object has been modified"), true, "the object has been modified"),
        Arguments.of("server error", server(500, "etcdserver: request timed out"), true, "request timed out"),
        Arguments.of("unavailable", server(503, "unavailable"), true, "unavailable"),
        Arguments.of("connection lost", new KubernetesClientException("failed", new IOException("connection reset")),
            true, "connection reset"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("failures")
  void classifiesWhetherRetryingCanHelp(String row, Throwable error, boolean retryable, String said) {
    ApplyError e = ApplyError.of("api-deployment", error);
    assertThat(e.retryable()).as(row).isEqualTo(retryable);
    assertThat(e.toString()).startsWith("api-deployment: ").contains(said);
  }
}
