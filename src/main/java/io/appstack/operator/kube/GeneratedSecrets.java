package io.appstack.operator.kube;

import io.appstack.operator.api.AppStack;
import io.appstack.operator.api.DeletionPolicy;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Passwords the operator makes: created once from {@link SecureRandom}, never regenerated, read back
 * from the cluster on every reconcile. Create never overwrites: one of this stack's that appeared meanwhile
 * wins; a Secret of that name that is not the stack's is never read or taken ({@link ChildOwnership}).
 *
 * <p>With {@code deletionPolicy: Retain} they carry no owner reference and survive the AppStack with
 * the volumes whose data they unlock; a re-created stack reuses both. With {@code Delete} the garbage
 * collector removes them with the stack.
 */
public final class GeneratedSecrets {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final char[] ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789".toCharArray();
  public static final int PASSWORD_LENGTH = 32;

  private GeneratedSecrets() {}

  /** A 32-character alphanumeric password (about 186 bits): safe in URLs, config files and shell. */
  public static String password() {
    char[] chars = new char[PASSWORD_LENGTH];
    for (int i = 0; i < chars.length; i++) {
      chars[i] = ALPHABET[RANDOM.nextInt(ALPHABET.length)];
    }
    return new String(chars);
  }

  /**
   * The Secret {@code name}'s values; created with {@code fixed} values plus a fresh password for each
   * of {@code passwordKeys} if it does not exist. Keys missing from an existing Secret are not added:
   * it is the user's (or a previous operator's) and stays as it is. {@code cache} looks a Secret of the
   * stack's namespace up by name in an informer's cache.
   */
  public static Map<String, String> ensure(KubernetesClient client, Function<String, Optional<Secret>> cache, AppStack stack,
      String name, Map<String, String> fixed, List<String> passwordKeys) {
    String namespace = stack.getMetadata().getNamespace();
    // The informer's copy when it has one; a GET otherwise (not created yet, not seen yet, or not labelled as ours).
    Secret existing = cache.apply(name)
        .orElseGet(() -> client.secrets().inNamespace(namespace).withName(name).get());
    if (existing != null && !ChildOwnership.ours(existing, stack)) {
      // Someone else's Secret: its values are not this stack's credentials, and the operator never takes it.
      throw new ChildOwnership.ForeignObject(existing, stack);
    }
    if (existing == null) {
      Map<String, String> values = new LinkedHashMap<>(fixed);
      passwordKeys.forEach(k -> values.put(k, password()));
      try {
        existing = client.resource(desired(stack, name, values)).create();
      } catch (KubernetesClientException e) {
        if (e.getCode() != 409) {
          throw e;
        }
        existing = client.secrets().inNamespace(namespace).withName(name).get();
        if (existing != null && !ChildOwnership.ours(existing, stack)) {
          throw new ChildOwnership.ForeignObject(existing, stack);
        }
      }
    }
    return decode(existing);
  }

  public static Secret desired(AppStack stack, String name, Map<String, String> values) {
    Map<String, String> data = new LinkedHashMap<>();
    values.forEach((k, v) -> data.put(k, Base64.getEncoder().encodeToString(v.getBytes(StandardCharsets.UTF_8))));
    var metadata = ChildMetadata.of(stack, name, Labels.of(stack, Labels.CREDENTIALS, name));
    if (stack.getSpec().deletionPolicy() != DeletionPolicy.Delete) {
      metadata.setOwnerReferences(null);
    }
    return new SecretBuilder().withMetadata(metadata).withType("Opaque").withData(data).build();
  }

  public static Map<String, String> decode(Secret secret) {
    Map<String, String> values = new LinkedHashMap<>();
    if (secret.getData() != null) {
      secret.getData().forEach((k, v) -> values.put(k, new String(Base64.getDecoder().decode(v), StandardCharsets.UTF_8)));
    }
    if (secret.getStringData() != null) {
      values.putAll(secret.getStringData());
    }
    return values;
  }
}
