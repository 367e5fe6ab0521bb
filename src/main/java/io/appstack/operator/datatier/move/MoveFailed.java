package io.appstack.operator.datatier.move;

/** The Redis move cannot go on safely; the message says why. The standalone keeps serving. */
public final class MoveFailed extends RuntimeException {
  public MoveFailed(String message) {
    super(message);
  }
}
