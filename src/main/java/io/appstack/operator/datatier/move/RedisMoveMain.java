package io.appstack.operator.datatier.move;

import java.io.PrintStream;
import java.util.Map;
import redis.clients.jedis.HostAndPort;

/**
 * The Redis move Jobs' entry point, run from the operator's image without starting the operator:
 * {@code java -cp '/deployments/app/*:/deployments/lib/main/*' io.appstack.operator.datatier.move.RedisMoveMain move}.
 * {@code move} copies the standalone into the cluster and leaves the standalone refusing writes; {@code verify}
 * proves the standalone took no write since. Reads {@code SOURCE} and {@code TARGET} ({@code host:port}) and the
 * password from {@code REDISCLI_AUTH}. Exits 0 on success, 1 when it must not go on (the reason on stderr).
 */
public final class RedisMoveMain {
  public static final String MOVE = "move";
  public static final String VERIFY = "verify";

  private RedisMoveMain() {}

  public static void main(String[] args) {
    System.exit(run(args.length == 1 ? args[0] : "", System.getenv(), System.out, System.err));
  }

  static int run(String mode, Map<String, String> env, PrintStream out, PrintStream err) {
    if (!MOVE.equals(mode) && !VERIFY.equals(mode)) {
      err.println("usage: RedisMoveMain move|verify (SOURCE, TARGET and REDISCLI_AUTH in the environment)");
      return 2;
    }
    try (RedisMove move = new RedisMove(HostAndPort.from(env.get("SOURCE")), HostAndPort.from(env.get("TARGET")),
        env.get("REDISCLI_AUTH"), RedisMove.Settings.DEFAULTS)) {
      if (MOVE.equals(mode)) {
        RedisMove.Report r = move.move();
        out.printf("moved %d keys: %d copied, %d copied again in %d rounds, %d during a %d ms write pause%s%n",
            r.keys(), r.copied(), r.recopied(), r.rounds(), r.atCutOver(), r.writePause().toMillis(),
            r.resumed() ? " (resumed after an earlier attempt's cut-over)" : "");
        out.println("the standalone now refuses writes (NOREPLICAS); switch the apps to the cluster");
        return 0;
      }
      Map<String, Long> writes = move.acceptedWritesSinceCutOver();
      if (!writes.isEmpty()) {
        err.println("the standalone ran writes after the cut-over, which the cluster may not have: " + writes
            + ". It is kept running (refusing writes). Compare its keys with the cluster's and copy what is missing; "
            + "then reset its counters (redis-cli CONFIG RESETSTAT) and delete this Job to check again");
        return 1;
      }
      out.println("the standalone took no write since the cut-over; it can stop");
      return 0;
    } catch (MoveFailed e) {
      err.println(stopped(mode) + e.getMessage());
      return 1;
    } catch (RuntimeException e) {
      err.println(stopped(mode) + e);
      return 1;
    }
  }

  private static String stopped(String mode) {
    return MOVE.equals(mode) ? "move stopped, the standalone serves: " : "could not check the standalone: ";
  }
}
