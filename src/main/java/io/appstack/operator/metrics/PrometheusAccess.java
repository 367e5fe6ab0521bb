package io.appstack.operator.metrics;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Where the operator may read metrics from, and where it may send a stack's bearer token: the operator's own
 * Prometheus ({@code appstack.prometheus.url}) and the URL prefixes its installer allows
 * ({@code appstack.prometheus.allowed-urls}, the chart's {@code prometheus.allowedUrls}). With no allow-list a
 * stack may read any Prometheus, but its token goes only to the operator's own; with one, the stack's URL must
 * be under an allowed prefix. A prefix matches on scheme, host and port exactly and on whole path segments, so
 * {@code http://prom.example.com} does not allow {@code http://prom.example.com.evil.io}.
 */
public record PrometheusAccess(URI defaultUrl, List<URI> allowed, boolean queryOverrides, Duration minPollInterval) {
  /** The label a Secret must carry for the operator to send its value to Prometheus as a bearer token. */
  public static final String TOKEN_LABEL = "appstack.io/prometheus-token";

  public PrometheusAccess {
    allowed = List.copyOf(allowed);
  }

  /** Stacks may set their own PromQL, and poll as often as once a second. */
  public PrometheusAccess(URI defaultUrl, List<URI> allowed) {
    this(defaultUrl, allowed, true, Duration.ofSeconds(1));
  }

  /**
   * This access, with stacks polled at most once per {@code floor} ({@code appstack.autoscaling.min-poll-interval},
   * the chart's {@code autoscaling.minPollInterval}): every poll runs each of a stack's queries.
   */
  public PrometheusAccess withMinPollInterval(Duration floor) {
    return new PrometheusAccess(defaultUrl, allowed, queryOverrides, floor);
  }

  /**
   * This access, with stacks' own PromQL allowed or not ({@code appstack.prometheus.allow-query-overrides}, the
   * chart's {@code prometheus.allowQueryOverrides}). A query runs with the operator's Prometheus rights, across
   * every namespace: where tenants must not read each other's metrics, only the default queries (which keep to
   * each stack's own pods) may run.
   */
  public PrometheusAccess withQueryOverrides(boolean allowed) {
    return new PrometheusAccess(defaultUrl, this.allowed, allowed, minPollInterval);
  }

  /** Why a stack may not set its own query, if it may not. */
  public Optional<String> refuseOverride() {
    return queryOverrides ? Optional.empty() : Optional.of("this operator runs only its default queries (its "
        + "installer turned PromQL overrides off: chart value prometheus.allowQueryOverrides); remove the query");
  }

  public static PrometheusAccess anyUrl(URI defaultUrl) {
    return new PrometheusAccess(defaultUrl, List.of());
  }

  /** Why {@code url} may not be queried, if it may not. */
  public Optional<String> refuseQuery(URI url) {
    if (allowed.isEmpty() || isDefault(url) || allowed.stream().anyMatch(prefix -> under(url, prefix))) {
      return Optional.empty();
    }
    return Optional.of("'" + url + "' is not among the Prometheus URLs this operator may query (" + allowedText()
        + "); ask its installer to allow it (chart value prometheus.allowedUrls)");
  }

  /** Why a bearer token may not be sent to {@code url}, if it may not. */
  public Optional<String> refuseToken(URI url) {
    if (isDefault(url) || allowed.stream().anyMatch(prefix -> under(url, prefix))) {
      return Optional.empty();
    }
    return Optional.of("a bearer token is sent only to the operator's own Prometheus or to an allowed one ("
        + allowedText() + "), not to '" + url + "'");
  }

  private boolean isDefault(URI url) {
    return defaultUrl != null && under(url, defaultUrl) && under(defaultUrl, url);
  }

  private String allowedText() {
    StringBuilder text = new StringBuilder(String.valueOf(defaultUrl));
    allowed.forEach(a -> text.append(", ").append(a).append("…"));
    return text.toString();
  }

  static boolean under(URI url, URI prefix) {
    if (url.getScheme() == null || url.getHost() == null || prefix.getScheme() == null || prefix.getHost() == null) {
      return false;
    }
    if (!url.getScheme().equalsIgnoreCase(prefix.getScheme())
        || !url.getHost().toLowerCase(Locale.ROOT).equals(prefix.getHost().toLowerCase(Locale.ROOT))
        || port(url) != port(prefix) || url.getRawUserInfo() != null) {
      return false;
    }
    String path = trimmed(url.getRawPath());
    String base = trimmed(prefix.getRawPath());
    return base.isEmpty() || path.equals(base) || path.startsWith(base + "/");
  }

  private static int port(URI url) {
    if (url.getPort() != -1) {
      return url.getPort();
    }
    return "https".equalsIgnoreCase(url.getScheme()) ? 443 : 80;
  }

  private static String trimmed(String path) {
    String p = path == null ? "" : path;
    while (p.endsWith("/")) {
      p = p.substring(0, p.length() - 1);
    }
    return p;
  }
}
