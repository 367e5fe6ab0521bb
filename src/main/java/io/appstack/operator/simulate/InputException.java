package io.appstack.operator.simulate;

/**
 * Bad input (a trace row, a flag value, the AppStack file): its message is the whole, one-line
 * report for the user, e.g. {@code trace.csv:1234: time '12:3x' is not a timestamp}. The command
 * prints it and exits with code 2, without a stack trace.
 */
public final class InputException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public InputException(String message) {
    super(message, null, false, false);
  }

  /** An error about one line of a file, as {@code file:line: message}. */
  public static InputException at(String file, long line, String message) {
    return new InputException(file + ":" + line + ": " + message);
  }
}
