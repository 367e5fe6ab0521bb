package io.appstack.operator.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.appstack.operator.api.AppStack;
import io.appstack.operator.datatier.DataTierInputs;
import io.appstack.operator.metrics.DefaultQueries;
import io.appstack.operator.metrics.MetricsCollector;
import io.appstack.operator.scaling.Evaluation;
import io.appstack.operator.scaling.ScalingEngine;
import io.appstack.operator.policy.SpecPolicies;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Database figures come from the stack's own queries; unknown figures decide nothing. */
class DataTierInputsTest {
  HttpServer prometheus;
  final Map<String, String> answers = new ConcurrentHashMap<>();

  @BeforeEach
  void start() throws IOException {
    prometheus = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    prometheus.createContext("/api/v1/query", exchange -> {
      String form = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      String query = URLDecoder.decode(form.split("&")[0].substring("query=".length()), StandardCharsets.UTF_8);
      String value = answers.get(query);
      String result = value == null ? "" : "{\"metric\":{},\"value\":[1700000000,\"" + value + "\"]}";
      byte[] body = ("{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[" + result + "]}}")
          .getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(200, body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
    });
    prometheus.start();
  }

  @AfterEach
  void stop() {
    prometheus.stop(0);
  }

  AppStack stack() {
    return Serialization.unmarshal("""
        apiVersion: appstack.io/v1alpha1
        kind: AppStack
        metadata: {name: shop, namespace: ns}
        spec:
          api: {image: acme/api:1}
          prometheus: {url: 'http://127.0.0.1:%d'}
          database:
            primary: {managed: {}}
            maxConnections: 100
            metrics:
              connectionsQuery: connections
              sizeBytesQuery: size
              queryLatencyMsQuery: latency
        """.formatted(prometheus.getAddress().getPort()), AppStack.class);
  }

  DataTierInputs inputs() {
    Clock clock = Clock.systemUTC();
    Autoscaler autoscaler = new Autoscaler(new ScalingEngine(clock), new MetricsCollector(clock),
        DefaultQueries.STANDARD, URI.create("http://127.0.0.1:9"));
    AppStack stack = stack();
    Evaluation evaluation = autoscaler.evaluate(stack, SpecPolicies.from(stack.getSpec()), io.appstack.operator.metrics.PrometheusSecrets.NONE);
    return autoscaler.dataTierInputs(stack, evaluation, io.appstack.operator.metrics.PrometheusSecrets.NONE);
  }

  @Test
  void connectionsAbove80PercentOfMaxAreHigh() {
    answers.put("connections", "81");
    answers.put("size", "150000000000");
    answers.put("latency", "1200");
    DataTierInputs inputs = inputs();
    assertThat(inputs.databaseConnectionsHigh()).isTrue();
    assertThat(inputs.figures().databaseSizeGb()).isEqualTo(150.0);
    assertThat(inputs.figures().queryLatencyMs()).isEqualTo(1200.0);
  }

  @Test
  void exactly80PercentIsNotHigh() {
    answers.put("connections", "80");
    assertThat(inputs().databaseConnectionsHigh()).isFalse();
  }

  @Test
  void missingFiguresAreUnknownNotZero() {
    DataTierInputs inputs = inputs();
    assertThat(inputs.databaseConnectionsHigh()).isFalse();
    assertThat(inputs.figures().databaseSizeGb()).isNull();
    assertThat(inputs.figures().queryLatencyMs()).isNull();
  }
}
