package io.appstack.operator.bench;

/** How a benchmark's {@code main} ends the JVM, whatever threads the servers and clients it started left running. */
final class BenchmarkMain {
  interface Body {
    void run(String[] args) throws Exception;
  }

  private BenchmarkMain() {}

  /** Runs {@code body}; exits 0 when it finished, 1 with the stack trace when it threw (shutdown hooks stop servers). */
  static void exitAfter(Body body, String[] args) {
    try {
      body.run(args);
    } catch (Throwable e) {
      e.printStackTrace();
      System.exit(1);
    }
    System.exit(0);
  }
}
