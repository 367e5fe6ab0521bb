package io.appstack.operator.api;
public record AppStackStatus(Long observedGeneration) {}
