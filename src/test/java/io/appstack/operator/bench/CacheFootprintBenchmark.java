package io.appstack.operator.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.appstack.operator.api.AppStack;
import io.appstack.operator.kube.Labels;
import io.appstack.operator.kube.LeanObjects;
import io.appstack.operator.testing.ControlPlane;
import io.appstack.operator.testing.InProcessOperator;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the informer caches hold for a fleet of stacks, without running the fleet. One stack ({@link
 * ScaleBenchmark#spec}) is brought to Ready on the real control plane by the operator; its children and the
 * AppStack are then read as the informers read them (raw JSON through the operator's client's serialisation,
 * so managed field sets are shared as in production), and {@code copies} copies (each with its own names and
 * uids, the way a thousand stacks differ) are held as the caches hold them, as read and as {@link LeanObjects}
 * leaves them. The heap after a full GC, before and after, divided by the copies: bytes a stack costs in the
 * caches, per kind. Run it with the serial collector ({@code JAVA_OPTS=-XX:+UseSerialGC}).
 *
 * <p>Run: {@code bench/cache-footprint.sh [copies=1000]}.
 */
public final class CacheFootprintBenchmark {
  private static final Pattern UID = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
  private static final Pattern TIME = Pattern.compile("\"\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ\"");
  private static final ObjectMapper PLAIN = new ObjectMapper();
  private static final java.util.Random RANDOM = new java.util.Random(1);
  private static final Map<String, Class<? extends HasMetadata>> KINDS = new LinkedHashMap<>();

  static {
    KINDS.put("/apis/apps/v1/namespaces/%s/deployments", Deployment.class);
    KINDS.put("/apis/apps/v1/namespaces/%s/statefulsets", StatefulSet.class);
    KINDS.put("/api/v1/namespaces/%s/services", Service.class);
    KINDS.put("/api/v1/namespaces/%s/secrets", Secret.class);
    KINDS.put("/apis/networking.k8s.io/v1/namespaces/%s/networkpolicies", NetworkPolicy.class);
    KINDS.put("/apis/policy/v1/namespaces/%s/poddisruptionbudgets", PodDisruptionBudget.class);
    KINDS.put("/apis/batch/v1/namespaces/%s/jobs", Job.class);
  }

  public static void main(String[] args) {
    BenchmarkMain.exitAfter(CacheFootprintBenchmark::run, args);
  }

  static void run(String[] args) throws Exception {
    int copies = args.length > 0 ? Integer.parseInt(args[0]) : 1_000;
    Map<Class<? extends HasMetadata>, List<String>> read = new LinkedHashMap<>();
    KubernetesSerialization serialization;
    ControlPlane cluster = ControlPlane.dedicated();
    try (KubernetesClient admin = cluster.client("cache-footprint-bench")) {
      cluster.applyCrd(Path.of("crds/appstacks.appstack.io-v1.yml"));
      String ns = cluster.namespace("cache");
      for (String set : List.of("redis", "postgres")) {
        ControlPlane.volumeFor(admin, ns, "data-stack-0-" + set + "-0");
      }
      try (InProcessOperator operator = new InProcessOperator(cluster.client(InProcessOperator.USER_AGENT),
          URI.create("http://127.0.0.1:9"), Set.of(ns)).start()) {
        admin.resource(new AppStack(ns, "stack-0", ScaleBenchmark.spec(0))).create();
        long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
        while (ControlPlaneScaleBenchmark.readyCount(admin) < 1) {
          if (System.nanoTime() > deadline) {
            throw new IllegalStateException("stack-0 not Ready in 5 minutes: " + operator.failures());
          }
          Thread.sleep(500);
        }
        Thread.sleep(5_000); // the last status and child updates
      }
      serialization = admin.getKubernetesSerialization();
      String selector = URLEncoder.encode(Labels.MANAGED_SELECTOR, StandardCharsets.UTF_8);
      ObjectMapper plain = new ObjectMapper();
      KINDS.forEach((path, type) -> read.put(type, items(plain, admin, String.format(path, ns)
          + "?labelSelector=" + selector)));
      read.put(AppStack.class, items(plain, admin, "/apis/appstack.io/" + AppStack.VERSION + "/namespaces/" + ns + "/appstacks"));
    } finally {
      cluster.close();
    }

    System.out.printf("%d copies of one stack's cached objects (%s)%n", copies, counts(read));
    Map<String, UnaryOperator<HasMetadata>> variants = new LinkedHashMap<>();
    variants.put("as read", o -> o);
    variants.put("lean", LeanObjects::lean);
    Map<String, Map<String, Double>> kib = new LinkedHashMap<>();
    for (var variant : variants.entrySet()) {
      for (var kind : read.entrySet()) {
        List<Object> held = new ArrayList<>();
        long before = ScaleBenchmark.usedHeapAfterGc();
        for (int i = 0; i < copies; i++) {
          for (String json : kind.getValue()) {
            HasMetadata object = serialization.unmarshal(copy(json, i), kind.getKey());
            // The primary cache keeps the AppStack whole (the reconciler gets a copy of it): for comparison only.
            held.add(object instanceof AppStack ? object : variant.getValue().apply(object));
          }
        }
        long after = ScaleBenchmark.usedHeapAfterGc();
        kib.computeIfAbsent(kind.getKey().getSimpleName(), k -> new LinkedHashMap<>())
            .put(variant.getKey(), (after - before) / 1024.0 / copies);
        if (held.size() != copies * kind.getValue().size()) {
          throw new IllegalStateException("lost copies");
        }
      }
    }
    System.out.printf("%n| kind (objects per stack) | %s |%n|---|%s%n", String.join(" KiB per stack | ",
        variants.keySet()) + " KiB per stack", "---|".repeat(variants.size()));
    Map<String, Double> total = new HashMap<>();
    kib.forEach((kind, byVariant) -> {
      StringBuilder row = new StringBuilder("| " + kind + " (" + objectsOf(read, kind) + ") |");
      byVariant.forEach((v, k) -> {
        row.append(String.format(" %.1f |", k));
        total.merge(v, k, Double::sum);
      });
      System.out.println(row);
    });
    StringBuilder row = new StringBuilder("| **all** |");
    variants.keySet().forEach(v -> row.append(String.format(" **%.1f** (%.0f MiB per 1,000 stacks) |",
        total.get(v), total.get(v) * 1000 / 1024)));
    System.out.println(row);
  }

  private static List<String> items(ObjectMapper mapper, KubernetesClient client, String path) {
    String list = client.raw(client.getMasterUrl().toString().replaceAll("/$", "") + path);
    if (list == null) {
      throw new IllegalStateException("nothing at " + path);
    }
    try {
      List<String> items = new ArrayList<>();
      for (JsonNode item : mapper.readTree(list).path("items")) {
        items.add(mapper.writeValueAsString(item));
      }
      return items;
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /**
   * The object as stack {@code i}'s: its names, every uid, its resource version and times its own, and a Secret's
   * values too (generated passwords differ from stack to stack), so that nothing is shared between copies that
   * would not be shared between stacks.
   */
  private static String copy(String json, int i) {
    Map<String, String> uids = new HashMap<>();
    Matcher m = UID.matcher(json.replace("stack-0", "stack-" + i));
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      m.appendReplacement(out, uids.computeIfAbsent(m.group(), u -> UUID.randomUUID().toString()));
    }
    String renamed = m.appendTail(out).toString();
    Matcher t = TIME.matcher(renamed);
    StringBuilder timed = new StringBuilder();
    while (t.find()) {
      t.appendReplacement(timed, "\"" + java.time.Instant.ofEpochSecond(1_700_000_000L + RANDOM.nextInt(100_000_000))
          + "\"");
    }
    try {
      JsonNode tree = PLAIN.readTree(t.appendTail(timed).toString());
      ((com.fasterxml.jackson.databind.node.ObjectNode) tree.path("metadata")).put("resourceVersion",
          String.valueOf(RANDOM.nextInt(1, Integer.MAX_VALUE)));
      if (tree.path("data").isObject()) {
        var data = (com.fasterxml.jackson.databind.node.ObjectNode) tree.path("data");
        data.fieldNames().forEachRemaining(k -> {
          byte[] random = new byte[java.util.Base64.getDecoder().decode(data.get(k).asText()).length];
          RANDOM.nextBytes(random);
          data.put(k, java.util.Base64.getEncoder().encodeToString(random));
        });
      }
      return PLAIN.writeValueAsString(tree);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static String counts(Map<Class<? extends HasMetadata>, List<String>> read) {
    StringBuilder s = new StringBuilder();
    read.forEach((type, items) -> s.append(s.isEmpty() ? "" : ", ").append(items.size()).append(' ')
        .append(type.getSimpleName()));
    return s.toString();
  }

  private static int objectsOf(Map<Class<? extends HasMetadata>, List<String>> read, String kind) {
    return read.entrySet().stream().filter(e -> e.getKey().getSimpleName().equals(kind))
        .mapToInt(e -> e.getValue().size()).sum();
  }
}
