package io.appstack.operator.monitoring;

import java.util.LinkedHashMap;
import java.util.Map;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * The installer's choices for stack PodMonitors (chart: {@code stackPodMonitors.*}): whether to write them where
 * the Prometheus Operator runs, and the labels its Prometheus selects PodMonitors by (e.g. release=prometheus).
 */
public record ScrapeSettings(boolean podMonitors, Map<String, String> labels) {
  public static final String ENABLED = "appstack.scrape.pod-monitors";
  public static final String LABELS = "appstack.scrape.pod-monitor-labels";

  public ScrapeSettings {
    labels = Map.copyOf(labels);
  }

  /** Read once: the activation condition asks on every reconcile of every stack, and the settings never change. */
  public static ScrapeSettings get() {
    return Holder.SETTINGS;
  }

  private static final class Holder {
    static final ScrapeSettings SETTINGS = read();
  }

  private static ScrapeSettings read() {
    try {
      var config = ConfigProvider.getConfig();
      return new ScrapeSettings(config.getOptionalValue(ENABLED, Boolean.class).orElse(true),
          parse(config.getOptionalValue(LABELS, String.class).orElse("")));
    } catch (IllegalStateException e) {
      return new ScrapeSettings(true, Map.of()); // no configuration outside Quarkus (plain-JOSDK tests)
    }
  }

  /** "a=b,c=d" as a map; a malformed entry is an error (the operator checks at start). */
  public static Map<String, String> parse(String text) {
    Map<String, String> labels = new LinkedHashMap<>();
    for (String entry : text.split(",")) {
      if (entry.isBlank()) {
        continue;
      }
      int eq = entry.indexOf('=');
      if (eq <= 0) {
        throw new IllegalArgumentException(LABELS + ": '" + entry.trim() + "' is not key=value");
      }
      labels.put(entry.substring(0, eq).trim(), entry.substring(eq + 1).trim());
    }
    return labels;
  }
}
