package io.appstack.operator.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.appstack.operator.api.AppStack;
import io.appstack.operator.kube.CompactItemStore;
import io.appstack.operator.kube.Labels;
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
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the informer caches hold for a fleet of stacks, without running the fleet. One stack ({@link
 * ScaleBenchmark#spec}) is brought to Ready on the real control plane by the operator; its children and the
 * AppStack are then read as the informers read them (raw JSON through the operator's client's serialisation), and
 * {@code copies} copies (each with its own names, uids, times and generated values, the way a thousand stacks
 * differ) are held as read (the heap after a full GC, with them less without) and, the children, in a {@link
 * CompactItemStore} per kind (its bytes by layout), with the time a read takes when it decodes. Per stack, per kind.
 *
 * <p>Run: {@code bench/cache-footprint.sh [copies=1000]}.
 */
public final class CacheFootprintBenchmark {
  private static final Pattern UID = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
  private static final Pattern TIME = Pattern.compile("\"\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ\"");
  private static final ObjectMapper PLAIN = new ObjectMapper();
  private static final java.util.Random RANDOM = new java.util.Random(1);
  private static final Map<String, Class<? extends HasMetadata>> KINDS = new LinkedHashMap<>();
  /** What is being measured, in a static field so that nothing (the JIT included) drops it before the heap is read. */
  private static final List<Object> HELD = new ArrayList<>();

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

    System.out.printf("%d copies of one stack's cached objects (%s)%n%n", copies, counts(read));
    System.out.println("| kind (objects per stack) | as read: heap, KiB per stack | compact: packed, KiB per stack "
        + "| compact: held, KiB per stack | compact: µs per read |");
    System.out.println("|---|---|---|---|---|");
    double[] total = new double[3];
    for (var kind : read.entrySet()) {
      if (kind.getValue().isEmpty()) {
        continue;
      }
      double asRead = asRead(serialization, kind.getValue(), kind.getKey(), copies) / 1024.0 / copies;
      CompactItemStore<HasMetadata> store = new CompactItemStore<>(serialization);
      double packed = asRead;
      double held = asRead;
      String micros = "(kept whole)";
      if (kind.getKey() != AppStack.class) { // the primary cache keeps each AppStack as read
        copies(serialization, kind.getValue(), kind.getKey(), copies).forEach(o -> store.put(store.getKey(o), o));
        packed = store.packedBytes() / 1024.0 / copies;
        held = held(store) / 1024.0 / copies;
        micros = String.format("%.1f", microsPerRead(store));
      }
      total[0] += asRead;
      total[1] += packed;
      total[2] += held;
      System.out.printf("| %s (%d) | %.1f | %.1f | %.1f | %s |%n", kind.getKey().getSimpleName(),
          kind.getValue().size(), asRead, packed, held, micros);
    }
    System.out.printf("| **all** | **%.1f** (%.0f MiB per 1,000 stacks) | **%.1f** | **%.1f** (%.0f MiB per 1,000 stacks) | |%n",
        total[0], total[0] * 1000 / 1024, total[1], total[2], total[2] * 1000 / 1024);
  }

  /**
   * The heap the objects take as read, the median of three rounds of holding them and letting them go (reading
   * leaves tables behind, Jackson's symbols among them, which grow and reset on their own).
   */
  private static long asRead(KubernetesSerialization serialization, List<String> jsons,
      Class<? extends HasMetadata> type, int copies) {
    List<Long> retained = new ArrayList<>();
    for (int round = 0; round < 3; round++) {
      HELD.add(copies(serialization, jsons, type, copies));
      long with = usedHeap();
      HELD.clear();
      retained.add(with - usedHeap());
    }
    retained.sort(null);
    return retained.get(1);
  }

  /**
   * What the compact store holds per entry, by layout (compressed references): the packed bytes in their array,
   * the packing's record, the map's node and table slot, and the key. The heap difference is too small against
   * the noise of reading to measure it as above; the fleet's footprint ({@code bench/footprint.sh --stacks}) is the
   * measurement.
   */
  private static long held(CompactItemStore<?> store) {
    // per entry: the array's header and padding (4 on average), the record, the node, a table slot, the key
    long[] bytes = {store.packedBytes()};
    store.keySet().forEach(key -> bytes[0] += 16 + 4 + 24 + 32 + 8 + 24 + align(16 + key.length()));
    return bytes[0];
  }

  private static long align(long bytes) {
    return (bytes + 7) / 8 * 8;
  }

  /** What a read from the compact store costs when it decodes: every object read once, after a warm-up round. */
  private static double microsPerRead(CompactItemStore<HasMetadata> store) {
    List<String> keys = store.keySet().toList();
    // Reads of a key in turn miss the store's few recently decoded objects, as a fleet's reconciles do.
    long names = keys.stream().mapToLong(k -> store.get(k).getMetadata().getName().length()).sum();
    long start = System.nanoTime();
    names += keys.stream().mapToLong(k -> store.get(k).getMetadata().getName().length()).sum();
    double micros = (System.nanoTime() - start) / 1_000.0 / keys.size();
    if (names == 0) {
      throw new IllegalStateException("nothing read back");
    }
    return micros;
  }

  private static long usedHeap() {
    for (int i = 0; i < 3; i++) {
      System.gc();
    }
    return Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory();
  }

  /** {@code copies} copies of each object, read through the client's serialisation; the AppStack as the primary cache keeps it. */
  private static List<HasMetadata> copies(KubernetesSerialization serialization, List<String> jsons,
      Class<? extends HasMetadata> type, int copies) {
    List<HasMetadata> objects = new ArrayList<>(copies * jsons.size());
    for (int i = 0; i < copies; i++) {
      for (String json : jsons) {
        objects.add(serialization.unmarshal(copy(json, i), type));
      }
    }
    return objects;
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

}
