package io.appstack.operator.api;

/** Whether an optional part of the stack runs: decided by the phase ({@code Auto}), forced on, or off. */
public enum Toggle {
  Auto, On, Off
}
