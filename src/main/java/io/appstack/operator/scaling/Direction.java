package io.appstack.operator.scaling;

/** Which way a decision moves replicas. */
public enum Direction { UP, DOWN, NONE }
