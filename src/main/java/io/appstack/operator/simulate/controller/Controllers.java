package io.appstack.operator.simulate.controller;

import io.appstack.operator.scaling.Component;
import io.appstack.operator.scaling.config.Bounds;
import java.util.ArrayList;
import java.util.List;

/** Labels shared by the policies' descriptions. */
final class Controllers {
  private Controllers() {}

  /** " (api 5, worker/emails 7)". */
  static String sizes(List<Component> components, int[] replicas) {
    List<String> parts = new ArrayList<>(components.size());
    for (int c = 0; c < replicas.length; c++) {
      parts.add(components.get(c).key() + " " + replicas[c]);
    }
    return " (" + String.join(", ", parts) + ")";
  }

  /** " (api 2–20, worker/emails 2–50)". */
  static String ranges(List<Component> components, Bounds[] bounds) {
    List<String> parts = new ArrayList<>(components.size());
    for (int c = 0; c < bounds.length; c++) {
      parts.add(components.get(c).key() + " " + bounds[c]);
    }
    return " (" + String.join(", ", parts) + ")";
  }
}
