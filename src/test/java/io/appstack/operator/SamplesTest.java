package io.appstack.operator;

import static org.assertj.core.api.Assertions.assertThat;

import io.appstack.operator.api.AppStack;
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
  }
}
