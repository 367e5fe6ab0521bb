package io.appstack.operator;

import static org.assertj.core.api.Assertions.assertThat;

import io.appstack.operator.api.AppStack;
import io.appstack.operator.metrics.PrometheusAccess;
import io.appstack.operator.reconcile.SpecValidator;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import java.net.URI;
import java.util.Map;
import io.appstack.operator.testing.CrdSchema;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every AppStack sample is valid against the checked-in CRD and reads into the model. */
class SamplesTest {
  static Stream<Path> samples() throws IOException {
    try (Stream<Path> files = Files.list(Path.of("samples"))) {
      return files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList().stream();
    }
  }

  @ParameterizedTest
  @MethodSource("samples")
  void sampleIsValidAgainstTheCrd(Path sample) throws IOException {
    String yaml = Files.readString(sample);
    assertThat(CrdSchema.load().violations(yaml)).isEmpty();

    AppStack stack = Serialization.unmarshal(yaml, AppStack.class);
    assertThat(stack.getSpec().api().image()).isNotBlank();
    // The operator's own checks too (a reserved variable, an image reference, …), with every Secret it names there
    // and its Prometheus the installer's (where a token may go).
    String prometheus = stack.getSpec().prometheus().url() != null ? stack.getSpec().prometheus().url()
        : "http://prometheus-operated.monitoring.svc:9090";
    assertThat(new SpecValidator(name -> ANY_SECRET, PrometheusAccess.anyUrl(URI.create(prometheus)))
        .validate(stack)).isEmpty();
  }

  private static final Secret ANY_SECRET = new SecretBuilder().withNewMetadata().withName("any")
      .withLabels(Map.of("appstack.io/prometheus-token", "true")).endMetadata()
      .withData(Map.of("username", "dQ==", "password", "cA==", "token", "dA==", "ACCESS_KEY_ID", "aw==",
          "ACCESS_SECRET_KEY", "cw==")).build();
}
