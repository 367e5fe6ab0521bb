package io.appstack.operator.api.data;

/**
 * Whether an optional part of the stack runs: decided by the phase ({@code Auto}), or forced. Not
 * On/Off: YAML 1.1, which kubectl speaks, reads a bare {@code On} as a boolean.
 */
public enum Toggle {
  Auto, Enabled, Disabled
}
