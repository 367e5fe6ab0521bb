package io.appstack.operator.datatier;

import io.appstack.operator.api.AppStack;
import io.appstack.operator.kube.GeneratedSecrets;
import io.appstack.operator.kube.Names;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The data tier's credentials: generated ones read back from their Secrets, and an external primary's
 * from the user's Secret. Never log them: {@link #toString()} hides every value.
 */
public record DataTierSecrets(String redisPassword, String databaseUser, String databasePassword,
    String replicationPassword) {
  public static final String PASSWORD = "password";
  public static final String USERNAME = "username";
  public static final String SUPERUSER_PASSWORD = "superuser-password";

  public static final DataTierSecrets NONE = new DataTierSecrets(null, null, null, null);

  /**
   * Creates missing generated Secrets, then reads every credential the spec needs; {@code cache} finds
   * a generated Secret by name in the informer's cache. {@code externalUser} and {@code externalPassword}
   * are an external primary's, read from the user's Secret (null without one).
   */
  public static DataTierSecrets ensure(KubernetesClient client, Function<String, Optional<Secret>> cache, AppStack stack,
      String externalUser, String externalPassword) {
    var spec = stack.getSpec();
    String redis = null;
    if (spec.redis() != null) {
      redis = GeneratedSecrets.ensure(client, cache, stack, Names.redis(stack), Map.of(), List.of(PASSWORD)).get(PASSWORD);
    }
    String user = externalUser;
    String password = externalPassword;
    String replication = null;
    if (spec.database() != null && spec.database().primary().managed() != null) {
      Map<String, String> db = GeneratedSecrets.ensure(client, cache, stack, Names.postgres(stack),
          Map.of(USERNAME, PostgresScripts.APP_USER), List.of(PASSWORD, SUPERUSER_PASSWORD));
      user = db.get(USERNAME);
      password = db.get(PASSWORD);
      replication = GeneratedSecrets.ensure(client, cache, stack, Names.postgresReplication(stack),
          Map.of(USERNAME, PostgresScripts.REPLICATION_USER), List.of(PASSWORD)).get(PASSWORD);
    }
    return new DataTierSecrets(redis, user, password, replication);
  }

  @Override
  public String toString() {
    return "DataTierSecrets[databaseUser=" + databaseUser + ", values hidden]";
  }
}
