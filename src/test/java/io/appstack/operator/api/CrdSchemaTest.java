package io.appstack.operator.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.appstack.operator.testing.CrdSchema;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The schema itself rejects what it can: the checker used for samples must catch these. */
class CrdSchemaTest {
  static final String HEADER = "apiVersion: appstack.io/v1alpha1\nkind: AppStack\nmetadata: {name: s}\n";

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "missing api          | spec: {}                                                              | api",
      "bad phase            | spec: {phase: Huge, api: {image: a}}                                   | enumeration",
      "port too high        | spec: {api: {image: a, port: 70000}}                                   | 65535",
      "bad worker name      | spec: {api: {image: a}, workers: [{name: Emails, image: b, queue: q}]} | pattern",
      "worker without queue | spec: {api: {image: a}, workers: [{name: e, image: b}]}                | queue",
      "On is a boolean      | spec: {api: {image: a}, database: {primary: {managed: {}}, pgbouncer: {mode: On}}} | boolean found",
      "unknown field        | spec: {api: {image: a, replicas: 3}}                                   | spec.api.replicas",
      "bad duration         | spec: {api: {image: a, scaling: {upFor: five}}}                        | pattern",
  })
  void rejects(String name, String spec, String expected) {
    assertThat(CrdSchema.load().violations(HEADER + spec))
        .isNotEmpty()
        .anySatisfy(message -> assertThat(message).contains(expected));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "only api     | spec: {api: {image: a}}",
      "everything   | spec: {phase: Medium, paused: true, api: {image: a, scaling: {min: 2, max: 4, cpuTargetPercent: 80, p95Ms: 400}}, workers: [{name: e, image: b, queue: q, scaling: {min: 0, depthPerWorker: 200}}], limits: {workerMinReplicas: 0}, redis: {mode: Cluster, shards: 3}, database: {primary: {managed: {}}, pgbouncer: {mode: Enabled}}}",
  })
  void accepts(String name, String spec) {
    assertThat(CrdSchema.load().violations(HEADER + spec)).isEmpty();
  }
}
