package io.appstack.operator.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every shape of answer becomes a typed result; none throws. */
class PrometheusClientParseTest {
  static final Map<String, String> SHOP = Map.of("namespace", "ns", "appstack", "shop");

  static String vector(String... samples) {
    return "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[" + String.join(",", samples) + "]}}";
  }

  static String sample(String stack, String value) {
    return "{\"metric\":{\"namespace\":\"ns\",\"appstack\":\"" + stack + "\"},\"value\":[1700000000.5,\"" + value + "\"]}";
  }

  @Test
  void selectsTheStacksSeriesFromAVectorServingEveryStack() {
    QueryResult result = PrometheusClient.parse(200, vector(sample("shop", "42.5"), sample("blog", "7")));
    assertThat(result.select(SHOP)).isEqualTo(new Reading.Value(42.5, java.time.Instant.ofEpochMilli(1700000000500L)));
    assertThat(result.select(Map.of("namespace", "ns", "appstack", "blog")))
        .isInstanceOfSatisfying(Reading.Value.class, v -> assertThat(v.value()).isEqualTo(7));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "empty vector     | 200 | {\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[]}} | EMPTY",
      "NaN              | 200 | " + "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[{\"metric\":{\"namespace\":\"ns\",\"appstack\":\"shop\"},\"value\":[1,\"NaN\"]}]}} | NAN",
      "+Inf             | 200 | {\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[{\"metric\":{\"namespace\":\"ns\",\"appstack\":\"shop\"},\"value\":[1,\"+Inf\"]}]}} | INFINITE",
      "-Inf             | 200 | {\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[{\"metric\":{\"namespace\":\"ns\",\"appstack\":\"shop\"},\"value\":[1,\"-Inf\"]}]}} | INFINITE",
      "two series       | 200 | {\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[{\"metric\":{\"namespace\":\"ns\",\"appstack\":\"shop\",\"pod\":\"a\"},\"value\":[1,\"1\"]},{\"metric\":{\"namespace\":\"ns\",\"appstack\":\"shop\",\"pod\":\"b\"},\"value\":[1,\"2\"]}]}} | MULTIPLE_SERIES",
      "bad PromQL       | 400 | {\"status\":\"error\",\"errorType\":\"bad_data\",\"error\":\"parse error\"} | PROMETHEUS_ERROR",
      "overloaded       | 503 | {\"status\":\"error\",\"errorType\":\"unavailable\",\"error\":\"too many queries\"} | HTTP_ERROR",
      "proxy error page | 502 | <html>Bad Gateway</html> | HTTP_ERROR",
      "HTML with 200    | 200 | <html>login</html> | MALFORMED",
      "truncated JSON   | 200 | {\"status\":\"success\",\"data\":{\"resultType\":\"vec | MALFORMED",
      "JSON array       | 200 | [1,2,3] | MALFORMED",
      "matrix           | 200 | {\"status\":\"success\",\"data\":{\"resultType\":\"matrix\",\"result\":[]}} | MALFORMED",
      "no data          | 200 | {\"status\":\"success\"} | MALFORMED",
      "value not string | 200 | {\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[{\"metric\":{},\"value\":[1,2]}]}} | MALFORMED",
      "value garbage    | 200 | {\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[{\"metric\":{},\"value\":[1,\"abc\"]}]}} | MALFORMED",
  })
  void unhealthyAnswersAreTyped(String name, int status, String body, FailureKind expected) {
    Reading reading = PrometheusClient.parse(status, body).select(SHOP);
    assertThat(reading).isInstanceOfSatisfying(Reading.Unhealthy.class, u -> {
      assertThat(u.kind()).isEqualTo(expected);
      assertThat(u.message()).isNotBlank();
    });
  }

  @Test
  void scalarResultIsOneSeriesWithoutLabels() {
    QueryResult result = PrometheusClient.parse(200, "{\"status\":\"success\",\"data\":{\"resultType\":\"scalar\",\"result\":[1,\"3\"]}}");
    assertThat(result.select(Map.of())).isInstanceOfSatisfying(Reading.Value.class, v -> assertThat(v.value()).isEqualTo(3));
  }
}
