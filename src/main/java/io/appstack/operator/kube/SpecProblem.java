package io.appstack.operator.kube;

/** Something wrong with the spec that the schema could not catch, naming the field. */
public record SpecProblem(String field, String message) {
  @Override
  public String toString() {
    return field + ": " + message;
  }
}
