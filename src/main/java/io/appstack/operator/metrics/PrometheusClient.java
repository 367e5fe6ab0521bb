package io.appstack.operator.metrics;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * Instant queries against the Prometheus HTTP API ({@code /api/v1/query}). Every failure — refused
 * connection, timeout, HTTP error, error status, malformed body — comes back as a typed
 * {@link QueryResult.Failure}; nothing escapes into the scaling engine.
 */
public final class PrometheusClient {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpClient http;
  private final URI baseUrl;
  private final Duration timeout;
  private final Optional<String> bearerToken;

  public PrometheusClient(URI baseUrl, Duration timeout, Optional<String> bearerToken, boolean insecureSkipTlsVerify) {
    this(baseUrl, timeout, bearerToken, Optional.empty(), insecureSkipTlsVerify);
  }

  /** {@code caPem}: the CA certificates (PEM) to trust instead of the JVM's, for a privately signed server. */
  public PrometheusClient(URI baseUrl, Duration timeout, Optional<String> bearerToken, Optional<String> caPem,
      boolean insecureSkipTlsVerify) {
    this.baseUrl = baseUrl;
    this.timeout = timeout;
    this.bearerToken = bearerToken;
    HttpClient.Builder builder = HttpClient.newBuilder().connectTimeout(timeout);
    if (insecureSkipTlsVerify) {
      builder.sslContext(trustAll());
    } else if (caPem.isPresent()) {
      builder.sslContext(trusting(caPem.get()));
    }
    this.http = builder.build();
  }

  /** Thrown for a CA bundle that is not PEM certificates; the reconciler reports it on the field. */
  public static SSLContext trusting(String caPem) {
    try {
      var factory = java.security.cert.CertificateFactory.getInstance("X.509");
      var certificates = factory.generateCertificates(
          new java.io.ByteArrayInputStream(caPem.getBytes(java.nio.charset.StandardCharsets.US_ASCII)));
      if (certificates.isEmpty()) {
        throw new IllegalArgumentException("no PEM certificate found");
      }
      var store = java.security.KeyStore.getInstance(java.security.KeyStore.getDefaultType());
      store.load(null, null);
      int i = 0;
      for (var certificate : certificates) {
        store.setCertificateEntry("ca-" + i++, certificate);
      }
      var trust = javax.net.ssl.TrustManagerFactory.getInstance(javax.net.ssl.TrustManagerFactory.getDefaultAlgorithm());
      trust.init(store);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, trust.getTrustManagers(), null);
      return context;
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalArgumentException("not a PEM CA certificate: " + e.getMessage(), e);
    }
  }

  public URI baseUrl() {
    return baseUrl;
  }

  /** Runs {@code promql} as an instant query at Prometheus's present. */
  public QueryResult query(String promql) {
    return query(promql, null);
  }

  /**
   * Runs {@code promql} as an instant query at {@code at} (Prometheus's present when null). The operator asks
   * for the moment its clock says, so a decision and the figures it rests on share one time.
   */
  public QueryResult query(String promql, Instant at) {
    String base = baseUrl.toString().replaceAll("/+$", "");
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + "/api/v1/query"))
        .timeout(timeout)
        .header("Content-Type", "application/x-www-form-urlencoded")
        .header("Accept", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString("query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8)
            + "&timeout=" + Math.max(1, timeout.toMillis()) + "ms"
            + (at == null ? "" : "&time=" + URLEncoder.encode(at.toString(), StandardCharsets.UTF_8))));
    bearerToken.ifPresent(token -> request.header("Authorization", "Bearer " + token));
    HttpResponse<String> response;
    try {
      response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (HttpTimeoutException e) {
      return new QueryResult.Failure(FailureKind.TIMEOUT, "no answer within " + timeout.toMillis() + "ms");
    } catch (ConnectException e) {
      return new QueryResult.Failure(FailureKind.UNREACHABLE, "cannot connect to " + base);
    } catch (IOException e) {
      return new QueryResult.Failure(FailureKind.UNREACHABLE, e.getClass().getSimpleName() + " talking to " + base
          + (e.getMessage() == null ? "" : ": " + e.getMessage()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new QueryResult.Failure(FailureKind.TIMEOUT, "interrupted");
    }
    return parse(response.statusCode(), response.body());
  }

  /** Parses an HTTP API answer; public for tests of every malformed shape. */
  public static QueryResult parse(int statusCode, String body) {
    JsonNode root;
    try {
      root = JSON.readTree(body);
    } catch (IOException e) {
      return statusCode / 100 != 2
          ? new QueryResult.Failure(FailureKind.HTTP_ERROR, "HTTP " + statusCode)
          : new QueryResult.Failure(FailureKind.MALFORMED, "body is not JSON");
    }
    if (root == null || !root.isObject()) {
      return new QueryResult.Failure(statusCode / 100 != 2 ? FailureKind.HTTP_ERROR : FailureKind.MALFORMED,
          "HTTP " + statusCode + ", body is not a JSON object");
    }
    if ("error".equals(root.path("status").asText())) {
      String message = root.path("errorType").asText("error") + ": " + root.path("error").asText("");
      return new QueryResult.Failure(statusCode / 100 != 2 && statusCode != 400 && statusCode != 422
          ? FailureKind.HTTP_ERROR : FailureKind.PROMETHEUS_ERROR, "HTTP " + statusCode + " " + message);
    }
    if (statusCode / 100 != 2) {
      return new QueryResult.Failure(FailureKind.HTTP_ERROR, "HTTP " + statusCode);
    }
    JsonNode data = root.path("data");
    String type = data.path("resultType").asText("");
    try {
      return switch (type) {
        case "vector" -> new QueryResult.Vector(vector(data.path("result")));
        case "scalar" -> new QueryResult.Vector(List.of(sample(Map.of(), data.path("result"))));
        default -> new QueryResult.Failure(FailureKind.MALFORMED,
            type.isEmpty() ? "no data.resultType" : "resultType " + type + " is not an instant vector");
      };
    } catch (IllegalArgumentException e) {
      return new QueryResult.Failure(FailureKind.MALFORMED, e.getMessage());
    }
  }

  private static List<Series> vector(JsonNode result) {
    if (!result.isArray()) {
      throw new IllegalArgumentException("data.result is not an array");
    }
    List<Series> series = new ArrayList<>();
    for (JsonNode item : result) {
      Map<String, String> labels = new LinkedHashMap<>();
      for (Iterator<Map.Entry<String, JsonNode>> it = item.path("metric").fields(); it.hasNext(); ) {
        var label = it.next();
        labels.put(label.getKey(), label.getValue().asText());
      }
      series.add(sample(labels, item.path("value")));
    }
    return series;
  }

  /** A [unixSeconds, "value"] pair; the value is a string so that NaN and ±Inf survive JSON. */
  private static Series sample(Map<String, String> labels, JsonNode pair) {
    if (!pair.isArray() || pair.size() != 2 || !pair.get(0).isNumber() || !pair.get(1).isTextual()) {
      throw new IllegalArgumentException("sample is not [timestamp, \"value\"]");
    }
    double value = switch (pair.get(1).asText()) {
      case "NaN" -> Double.NaN;
      case "+Inf", "Inf" -> Double.POSITIVE_INFINITY;
      case "-Inf" -> Double.NEGATIVE_INFINITY;
      default -> {
        try {
          yield Double.parseDouble(pair.get(1).asText());
        } catch (NumberFormatException e) {
          throw new IllegalArgumentException("sample value '" + pair.get(1).asText() + "' is not a number");
        }
      }
    };
    long millis = Math.round(pair.get(0).asDouble() * 1000);
    return new Series(labels, value, Instant.ofEpochMilli(millis));
  }

  private static SSLContext trustAll() {
    try {
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, new TrustManager[] {new X509TrustManager() {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {}

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {}

        @Override
        public X509Certificate[] getAcceptedIssuers() {
          return new X509Certificate[0];
        }
      }}, null);
      return context;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("TLS is unavailable", e);
    }
  }
}
