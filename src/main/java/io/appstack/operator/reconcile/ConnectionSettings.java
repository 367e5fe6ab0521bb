package io.appstack.operator.reconcile;

import io.appstack.operator.api.AppStack;
import io.appstack.operator.api.data.ExternalPrimary;
import io.appstack.operator.datatier.DataTierConnections;
import io.appstack.operator.datatier.DataTierPlan;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;

/**
 * The content of the {@code <name>-connections} Secret that API and worker pods read with envFrom.
 * Values are secrets: never log this object.
 */
public record ConnectionSettings(Map<String, String> values) {
  /**
   * Every variable the operator gives the apps (the connection Secret's keys, and each worker's QUEUE_NAME). A
   * spec's own env may not name one: a container's env wins over envFrom, so it would silently replace the
   * operator's value (and a move to PgBouncer or to Redis Cluster would never reach that app).
   */
  public static final java.util.Set<String> OPERATOR_VARIABLES = java.util.Set.of("APPSTACK_NAME", "QUEUE_NAME",
      "DATABASE_URL", "DATABASE_HOST", "DATABASE_PORT", "DATABASE_NAME", "DATABASE_USER", "DATABASE_PASSWORD",
      "DATABASE_VIA", "DATABASE_READ_URL", "DATABASE_READ_HOST", "REDIS_URL", "REDIS_HOST", "REDIS_PORT",
      "REDIS_PASSWORD", "REDIS_MODE", "REDIS_CLUSTER_NODES");

  public ConnectionSettings {
    values = java.util.Collections.unmodifiableMap(new TreeMap<>(values));
  }

  /** Database credentials read from the user's Secret ({@code username}, {@code password}). */
  public record Credentials(String username, String password) {
    @Override
    public String toString() {
      return "Credentials[username=" + username + ", password=***]";
    }
  }

  /** Builds the settings for {@code stack}; {@code credentials} is null when there is no external primary. */
  public static ConnectionSettings of(AppStack stack, Credentials credentials) {
    return of(stack, credentials, null);
  }

  /**
   * Builds the settings for {@code stack} with the data tier as {@code tier} routes it (null: no
   * operator-run data tier; only an external primary's settings).
   */
  public static ConnectionSettings of(AppStack stack, Credentials credentials, DataTierPlan tier) {
    if (tier != null) {
      Map<String, String> values = new TreeMap<>();
      values.put("APPSTACK_NAME", stack.getMetadata().getName());
      DataTierConnections.put(stack, tier, values);
      return new ConnectionSettings(values);
    }
    Map<String, String> values = new TreeMap<>();
    values.put("APPSTACK_NAME", stack.getMetadata().getName());
    var database = stack.getSpec().database();
    if (database != null && database.primary().external() != null && credentials != null) {
      ExternalPrimary primary = database.primary().external();
      values.put("DATABASE_HOST", primary.host());
      values.put("DATABASE_PORT", String.valueOf(primary.port()));
      values.put("DATABASE_NAME", primary.database());
      values.put("DATABASE_USER", credentials.username());
      values.put("DATABASE_PASSWORD", credentials.password());
      values.put("DATABASE_URL", "postgresql://" + encode(credentials.username()) + ":"
          + encode(credentials.password()) + "@" + primary.host() + ":" + primary.port() + "/"
          + encode(primary.database()));
    }
    return new ConnectionSettings(values);
  }

  /** A short content hash; a pod template annotation carries it so a change rolls the pods. */
  public String hash() {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      values.forEach((k, v) -> {
        digest.update(k.getBytes(StandardCharsets.UTF_8));
        digest.update((byte) 0);
        digest.update(v.getBytes(StandardCharsets.UTF_8));
        digest.update((byte) 0);
      });
      return HexFormat.of().formatHex(digest.digest()).substring(0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by every Java platform", e);
    }
  }

  @Override
  public String toString() {
    return "ConnectionSettings" + values.keySet();
  }

  private static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
