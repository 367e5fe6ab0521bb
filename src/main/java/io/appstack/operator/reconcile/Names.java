package io.appstack.operator.reconcile;

import io.appstack.operator.api.AppStack;

/** The one place child object names are made. */
public final class Names {
  /** Children's names are used as label values and Service names: DNS-1035 labels of at most 63 characters. */
  public static final int MAX_LENGTH = 63;

  private Names() {}

  public static String api(AppStack stack) {
    return stack.getMetadata().getName() + "-api";
  }

  public static String worker(AppStack stack, String pool) {
    return stack.getMetadata().getName() + "-worker-" + pool;
  }

  public static String connectionSecret(AppStack stack) {
    return stack.getMetadata().getName() + "-connections";
  }
}
