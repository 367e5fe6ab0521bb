package io.appstack.operator.api.status;

/** Ready/desired replica strings, e.g. {@code 2/3}, shown by {@code kubectl get astack}. */
public record StatusSummary(String api, String workers) {
}
