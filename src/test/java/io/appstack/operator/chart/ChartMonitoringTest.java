package io.appstack.operator.chart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.appstack.operator.testing.Processes;
import io.appstack.operator.testing.PrometheusServer;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The chart's monitoring objects: the Grafana dashboard's ConfigMap, the PodMonitor alternative to the
 * ServiceMonitor, and the PrometheusRule, whose rules Debian's {@code promtool} checks and unit-tests with series
 * that fire (and do not fire) each alert.
 */
class ChartMonitoringTest {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final Path DASHBOARD = Chart.DIR.resolve("dashboards/appstack-operator.json");
  /** The job the Prometheus Operator gives the chart's ServiceMonitor: the metrics Service's name. */
  private static final String JOB = Chart.FULLNAME + "-metrics";
  private static final Map<String, Object> RULES_WITH_SERVICE_MONITOR = Map.of("prometheusRule.enabled", true,
      "metrics.serviceMonitor.enabled", true);

  @Test
  void dashboardConfigMapIsOptionalAndCarriesTheDashboardForGrafanasSidecar() throws IOException {
    assertThat(Chart.render(Map.of()).all(ConfigMap.class)).isEmpty();

    ConfigMap dashboard = Chart.render(Map.of("dashboards.enabled", true)).get(ConfigMap.class,
        Chart.FULLNAME + "-dashboard");
    assertThat(dashboard.getMetadata().getNamespace()).isEqualTo(Chart.NAMESPACE);
    assertThat(dashboard.getMetadata().getLabels()).containsEntry("grafana_dashboard", "1");
    assertThat(dashboard.getData()).containsOnlyKeys("appstack-operator.json");
    assertThat(dashboard.getData().get("appstack-operator.json")).isEqualTo(Files.readString(DASHBOARD).strip());
  }

  @Test
  void dashboardLabelAnnotationsAndNamespaceFollowTheSidecarsSettings() {
    ConfigMap dashboard = Chart.render(Map.of("dashboards.enabled", true, "dashboards.label", "grafana.io/dashboard",
        "dashboards.labelValue", "appstack", "dashboards.annotations", Map.of("grafana_folder", "AppStack"),
        "dashboards.namespace", "monitoring")).get(ConfigMap.class, Chart.FULLNAME + "-dashboard");

    assertThat(dashboard.getMetadata().getLabels()).containsEntry("grafana.io/dashboard", "appstack")
        .doesNotContainKey("grafana_dashboard");
    assertThat(dashboard.getMetadata().getAnnotations()).containsEntry("grafana_folder", "AppStack");
    assertThat(dashboard.getMetadata().getNamespace()).isEqualTo("monitoring");
  }

  @Test
  void podMonitorScrapesTheOperatorPodsOnTheirMetricsPort() {
    assertThat(Chart.render(Map.of()).ofKind("PodMonitor")).isEmpty();
    Chart.Rendered rendered = Chart.render(Map.of("metrics.podMonitor.enabled", true,
        "metrics.podMonitor.interval", "15s", "metrics.podMonitor.labels.release", "prometheus"));
    var deployment = ChartTest.deployment(rendered);

    assertThat(rendered.ofKind("ServiceMonitor")).isEmpty();
    assertThat(rendered.ofKind("PodMonitor")).singleElement().satisfies(object -> {
      GenericKubernetesResource monitor = (GenericKubernetesResource) object;
      assertThat(monitor.getMetadata().getLabels()).containsEntry("release", "prometheus");
      Map<String, String> selector = monitor.get("spec", "selector", "matchLabels");
      assertThat(deployment.getSpec().getTemplate().getMetadata().getLabels()).containsAllEntriesOf(selector);
      List<String> namespaces = monitor.get("spec", "namespaceSelector", "matchNames");
      assertThat(namespaces).containsExactly(Chart.NAMESPACE);
      List<Map<String, Object>> endpoints = monitor.get("spec", "podMetricsEndpoints");
      assertThat(endpoints).singleElement().satisfies(e -> assertThat(e).containsEntry("port", "http")
          .containsEntry("path", "/q/metrics").containsEntry("interval", "15s").containsEntry("honorLabels", true));
    });
    assertThat(ChartTest.operator(deployment).getPorts()).anySatisfy(p -> assertThat(p.getName()).isEqualTo("http"));
  }

  /**
   * A stack's series carry the stack's namespace in {@code namespace}; without honorLabels the Prometheus Operator's
   * target label (the operator's namespace) would win and move it to {@code exported_namespace}, and the dashboard's
   * and the alerts' namespace would be the operator's.
   */
  @Test
  void bothMonitorsKeepTheStacksOwnNamespaceLabel() {
    GenericKubernetesResource service = (GenericKubernetesResource) Chart.render(
        Map.of("metrics.serviceMonitor.enabled", true)).ofKind("ServiceMonitor").get(0);
    List<Map<String, Object>> endpoints = service.get("spec", "endpoints");
    assertThat(endpoints).allSatisfy(e -> assertThat(e).containsEntry("honorLabels", true));
  }

  @Test
  void serviceMonitorAndPodMonitorExcludeEachOther() {
    assertThatThrownBy(() -> Chart.template(Map.of("metrics.serviceMonitor.enabled", true,
        "metrics.podMonitor.enabled", true)).call()).hasMessageContaining("choose one");
  }

  @Test
  void prometheusRuleIsOptionalAndNeedsTheOperatorScraped() {
    assertThat(Chart.render(Map.of()).ofKind("PrometheusRule")).isEmpty();
    assertThatThrownBy(() -> Chart.template(Map.of("prometheusRule.enabled", true)).call())
        .hasMessageContaining("prometheusRule.enabled needs the operator scraped");
  }

  @Test
  void alertsSelectTheJobOfWhicheverMonitorScrapesTheOperator() {
    assertThat(expressions(rule(RULES_WITH_SERVICE_MONITOR)))
        .allSatisfy(expr -> assertThat(expr).contains("job=\"" + JOB + "\""));
    assertThat(expressions(rule(Map.of("prometheusRule.enabled", true, "metrics.podMonitor.enabled", true))))
        .allSatisfy(expr -> assertThat(expr).contains("job=\"" + Chart.NAMESPACE + "/" + Chart.FULLNAME + "\""));
    assertThat(expressions(rule(Map.of("prometheusRule.enabled", true, "prometheusRule.operatorJob", "kubernetes-pods"))))
        .allSatisfy(expr -> assertThat(expr).contains("job=\"kubernetes-pods\""));
  }

  @Test
  void ruleAndAlertLabelsAreHonouredAndSeverityStays() {
    GenericKubernetesResource rule = rule(Map.of("prometheusRule.enabled", true, "metrics.serviceMonitor.enabled", true,
        "prometheusRule.labels.release", "prometheus", "prometheusRule.alertLabels",
        Map.of("team", "platform", "severity", "info")));

    assertThat(rule.getMetadata().getLabels()).containsEntry("release", "prometheus");
    assertThat(alerts(rule)).allSatisfy(alert -> {
      @SuppressWarnings("unchecked")
      Map<String, String> labels = (Map<String, String>) alert.get("labels");
      assertThat(labels).containsEntry("team", "platform").containsKey("severity");
      assertThat(labels.get("severity")).isIn("warning", "critical");
    });
  }

  @Test
  void everyAlertHasASeveritySummaryDescriptionAndARunbookSectionInTheReadme() throws IOException {
    Set<String> anchors = readmeAnchors();
    List<Map<String, Object>> alerts = alerts(rule(RULES_WITH_SERVICE_MONITOR));

    assertThat(alerts).extracting(a -> (String) a.get("alert")).containsExactlyInAnyOrder("AppStackStalled",
        "AppStackMetricsUnavailable", "AppStackScaleUpCapped", "AppStackOperatorDown");
    assertThat(alerts).allSatisfy(alert -> {
      assertThat(((Map<?, ?>) alert.get("labels")).containsKey("severity")).as("severity").isTrue();
      @SuppressWarnings("unchecked")
      Map<String, String> annotations = (Map<String, String>) alert.get("annotations");
      assertThat(annotations).containsKeys("summary", "description");
      assertThat(annotations.get("runbook_url")).startsWith("README.md#");
      assertThat(anchors).contains(annotations.get("runbook_url").substring("README.md#".length()));
    });
    assertThat(alerts(rule(Map.of("prometheusRule.enabled", true, "metrics.serviceMonitor.enabled", true,
        "prometheusRule.runbookBaseUrl", "https://git.example.com/appstack/blob/main/README.md"))))
        .allSatisfy(a -> assertThat(((Map<?, ?>) a.get("annotations")).get("runbook_url").toString())
            .startsWith("https://git.example.com/appstack/blob/main/README.md#appstack"));
  }

  @Test
  void promtoolAcceptsTheRules() throws IOException {
    Path rules = writeRules(rule(RULES_WITH_SERVICE_MONITOR));

    Processes.Result result = Processes.run(List.of(promtool(), "check", "rules", rules.toString()), Map.of(), 60);

    assertThat(result.exitCode()).as(result.output()).isZero();
    assertThat(result.output()).contains("SUCCESS: 4 rules found");
  }

  /**
   * Series as the operator exports them fire each alert once its {@code for} has passed, and only then; a healthy
   * stack, another condition reason, another installation's job and a leader change fire nothing extra.
   */
  @Test
  void eachAlertFiresOnTheSeriesItIsAbout() throws IOException {
    GenericKubernetesResource rule = rule(RULES_WITH_SERVICE_MONITOR);
    Path rules = writeRules(rule);
    Map<String, Map<String, String>> annotations = alerts(rule).stream().collect(Collectors.toMap(
        a -> (String) a.get("alert"), a -> {
          @SuppressWarnings("unchecked")
          Map<String, String> values = (Map<String, String>) a.get("annotations");
          return values;
        }));
    String shop = "namespace=\"shop\", appstack=\"web\"";
    String blog = "namespace=\"shop\", appstack=\"blog\"";
    List<Map<String, String>> series = List.of(
        // The leader changes at 4m: the Stalled series moves from one pod to the other.
        condition(JOB, "pod=\"op-1\", " + shop, "Stalled", "True", "InvalidSpec", "1x3"),
        condition(JOB, "pod=\"op-2\", " + shop, "Stalled", "True", "InvalidSpec", "_x4 1x16"),
        condition(JOB, blog, "Stalled", "False", "Ready", "1x20"),
        condition("other-appstack-operator-metrics", blog, "Stalled", "True", "InvalidSpec", "1x20"),
        condition(JOB, shop, "MetricsAvailable", "False", "SignalsMissing", "1x20"),
        condition(JOB, shop, "ConnectionBudget", "False", "ScaleUpCapped", "1x20"),
        condition(JOB, blog, "ConnectionBudget", "False", "OverBudget", "1x20"),
        // The operator's only pod stops being scraped at 5m.
        series("up{job=\"%s\", namespace=\"%s\", pod=\"op-2\"}".formatted(JOB, Chart.NAMESPACE), "1x4 0x16"));
    Map<String, String> stack = Map.of("namespace", "shop", "appstack", "web");
    Map<String, String> operator = Map.of("job", JOB, "namespace", Chart.NAMESPACE);
    List<Map<String, Object>> cases = List.of(
        expect(annotations, "AppStackStalled", "4m", null),
        expect(annotations, "AppStackStalled", "6m", with(stack, "reason", "InvalidSpec", "severity", "warning")),
        expect(annotations, "AppStackMetricsUnavailable", "9m", null),
        expect(annotations, "AppStackMetricsUnavailable", "11m", with(stack, "severity", "warning")),
        expect(annotations, "AppStackScaleUpCapped", "9m", null),
        expect(annotations, "AppStackScaleUpCapped", "11m", with(stack, "severity", "warning")),
        expect(annotations, "AppStackOperatorDown", "4m", null),
        expect(annotations, "AppStackOperatorDown", "9m", null),
        expect(annotations, "AppStackOperatorDown", "11m", with(operator, "severity", "critical")));
    Map<String, Object> test = new LinkedHashMap<>();
    test.put("rule_files", List.of(rules.getFileName().toString()));
    test.put("evaluation_interval", "1m");
    // The operator's Deployment is deleted at 5m: its target goes, and its series end (a staleness marker).
    Map<String, Object> gone = Map.of("interval", "1m",
        "input_series", List.of(series("up{job=\"%s\", namespace=\"%s\", pod=\"op-1\"}".formatted(JOB, Chart.NAMESPACE),
            "1x4 stale")),
        "alert_rule_test", List.of(expect(annotations, "AppStackOperatorDown", "9m", null),
            expect(annotations, "AppStackOperatorDown", "11m", with(operator, "severity", "critical"))));
    test.put("tests", List.of(Map.of("interval", "1m", "input_series", series, "alert_rule_test", cases), gone));
    Path file = rules.resolveSibling("alerts-test.yaml");
    YAML.writeValue(file.toFile(), test);

    Processes.Result result = Processes.run(List.of(promtool(), "test", "rules", file.toString()), Map.of(), 60);

    assertThat(result.exitCode()).as(result.output()).isZero();
    assertThat(result.output()).contains("SUCCESS");
  }

  // --- helpers -------------------------------------------------------------------------------------

  private static String promtool() {
    return Processes.requireBinary(PrometheusServer.PROMTOOL, "prometheus").toString();
  }

  private static GenericKubernetesResource rule(Map<String, Object> values) {
    List<?> rules = Chart.render(values).ofKind("PrometheusRule");
    assertThat(rules).hasSize(1);
    return (GenericKubernetesResource) rules.get(0);
  }

  private static List<Map<String, Object>> alerts(GenericKubernetesResource rule) {
    List<Map<String, Object>> groups = rule.get("spec", "groups");
    return groups.stream().flatMap(g -> {
      @SuppressWarnings("unchecked")
      List<Map<String, Object>> rules = (List<Map<String, Object>>) g.get("rules");
      return rules.stream();
    }).toList();
  }

  private static List<String> expressions(GenericKubernetesResource rule) {
    return alerts(rule).stream().map(a -> (String) a.get("expr")).toList();
  }

  /** The rule's groups as a Prometheus rule file under target/, as the Prometheus Operator hands them over. */
  private static Path writeRules(GenericKubernetesResource rule) throws IOException {
    Path dir = Files.createTempDirectory(Path.of("target"), "rules-");
    Path file = dir.resolve("appstack-operator.rules.yaml");
    YAML.writeValue(file.toFile(), Map.of("groups", rule.get("spec", "groups")));
    return file;
  }

  /** An {@code appstack_condition} series as the operator exports it, scraped under {@code job}. */
  private static Map<String, String> condition(String job, String stack, String type, String status, String reason,
      String values) {
    return series("appstack_condition{job=\"%s\", %s, type=\"%s\", status=\"%s\", reason=\"%s\"}"
        .formatted(job, stack, type, status, reason), values);
  }

  private static Map<String, String> series(String series, String values) {
    return Map.of("series", series, "values", values);
  }

  private static Map<String, String> with(Map<String, String> labels, String... more) {
    Map<String, String> all = new LinkedHashMap<>(labels);
    for (int i = 0; i < more.length; i += 2) {
      all.put(more[i], more[i + 1]);
    }
    return all;
  }

  /**
   * A promtool alert test: {@code alert} at {@code time} fires once with {@code labels} and its annotations expanded
   * for them, or (null) not at all.
   */
  private static Map<String, Object> expect(Map<String, Map<String, String>> annotations, String alert, String time,
      Map<String, String> labels) {
    List<Map<String, Object>> fired = labels == null ? List.of() : List.of(Map.of("exp_labels", labels,
        "exp_annotations", annotations.get(alert).entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey,
            e -> expand(e.getValue(), labels)))));
    return Map.of("eval_time", time, "alertname", alert, "exp_alerts", fired);
  }

  /** Prometheus' {@code {{ $labels.x }}} in an annotation, filled in; the annotations use nothing else. */
  private static String expand(String template, Map<String, String> labels) {
    Matcher m = Pattern.compile("\\{\\{ \\$labels\\.(\\w+) }}").matcher(template);
    String expanded = m.replaceAll(r -> Matcher.quoteReplacement(labels.get(r.group(1))));
    assertThat(expanded).as("annotation template beyond $labels").doesNotContain("{{");
    return expanded;
  }

  /** The anchors GitHub gives the README's headings (outside fenced code). */
  static Set<String> readmeAnchors() throws IOException {
    Set<String> anchors = new java.util.HashSet<>();
    boolean code = false;
    for (String line : Files.readAllLines(Path.of("README.md"))) {
      code ^= line.startsWith("```");
      if (!code && line.startsWith("#")) {
        anchors.add(githubAnchor(line));
      }
    }
    return anchors;
  }

  /** GitHub's anchor of a Markdown heading line. */
  static String githubAnchor(String heading) {
    return heading.replaceFirst("^#+\\s*", "").toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9 _-]", "")
        .replace(' ', '-');
  }
}
