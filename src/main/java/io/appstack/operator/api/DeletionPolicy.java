package io.appstack.operator.api;

/** What happens to persistent volumes when the AppStack is deleted. */
public enum DeletionPolicy {
  Retain, Delete
}
