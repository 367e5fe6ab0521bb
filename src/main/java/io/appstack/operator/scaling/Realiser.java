package io.appstack.operator.scaling;

/**
 * Realise: carries a turn's decisions out and stores its {@link Evaluation#nextState()} with them (the operator in its
 * reconcile: the Deployments' replicas and one status patch; the simulator in its model).
 */
@FunctionalInterface
public interface Realiser {
  void realise(Evaluation evaluation);
}
