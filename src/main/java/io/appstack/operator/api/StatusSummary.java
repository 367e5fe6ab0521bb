package io.appstack.operator.api;

/** Ready/desired replica strings, e.g. {@code 2/3}, shown by {@code kubectl get astack}. */
public record StatusSummary(String api, String workers) {
}
