package io.appstack.operator.reconcile;

import io.appstack.operator.api.AppStackSpec;
import io.appstack.operator.kube.SpecProblem;
import io.appstack.operator.metrics.PrometheusAccess;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The PromQL a spec sets itself, by field: refused, naming each, where the installer turned overrides off. */
final class QueryOverrides {
  private QueryOverrides() {}

  static void check(AppStackSpec spec, PrometheusAccess access, List<SpecProblem> problems) {
    access.refuseOverride().ifPresent(why -> set(spec).keySet().forEach(field -> problems.add(new SpecProblem(field, why))));
  }

  static Map<String, String> set(AppStackSpec spec) {
    Map<String, String> queries = new LinkedHashMap<>();
    var api = spec.api().scaling().queries();
    queries.put("spec.api.scaling.queries.cpu", api.cpu());
    queries.put("spec.api.scaling.queries.p95Ms", api.p95Ms());
    for (int i = 0; i < spec.workers().size(); i++) {
      var worker = spec.workers().get(i).scaling().queries();
      queries.put("spec.workers[" + i + "].scaling.queries.depth", worker.depth());
      queries.put("spec.workers[" + i + "].scaling.queries.oldestJobAgeSeconds", worker.oldestJobAgeSeconds());
    }
    queries.put("spec.autoscaling.usersQuery", spec.autoscaling().usersQuery());
    if (spec.database() != null && spec.database().metrics() != null) {
      var db = spec.database().metrics();
      queries.put("spec.database.metrics.connectionsQuery", db.connectionsQuery());
      queries.put("spec.database.metrics.sizeBytesQuery", db.sizeBytesQuery());
      queries.put("spec.database.metrics.queryLatencyMsQuery", db.queryLatencyMsQuery());
      queries.put("spec.database.metrics.tenantsQuery", db.tenantsQuery());
    }
    queries.values().removeIf(q -> q == null || q.isBlank());
    return queries;
  }
}
