package io.appstack.operator.api.data;

/** Redis topology: decided by the phase ({@code Auto}: standalone until Large), or fixed. */
public enum RedisMode {
  Auto, Standalone, Cluster
}
