package io.appstack.operator.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.io.IOException;
import java.net.InetAddress;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * fabric8's {@link KubernetesMockServer} in CRUD mode on loopback, run in its own JVM by
 * {@link ScaleBenchmark} so that the mock's store does not count as the operator's heap.
 *
 * <p>Prints {@code URL <url>} on stdout once it listens, then serves until its stdin closes (the parent
 * exited or killed it). Counts every request except those carrying {@link #DRIVER_AGENT} in their
 * User-Agent, and answers {@code GET /_bench/counts} (not counted) with the counters as JSON:
 * {@code {"total":n,"writes":n,"driver":n,"requestsByKind":{"POST deployments":n,...}}}. The operator's
 * Events are counted and answered 201 but not stored: the CRUD dispatcher scans its whole store on
 * every request, and 1,000 stacks' Events would double it.
 */
public final class MockApiServer {
  /** The driver's requests carry this user agent and are not counted as the operator's. */
  static final String DRIVER_AGENT = "appstack-scalebench-driver";
  static final String COUNTS_PATH = "/_bench/counts";
  static final String URL_PREFIX = "URL ";

  /** The CRUD dispatcher, counting the operator's requests by method and kind (GETs of a list or watch too). */
  static final class CountingDispatcher extends KubernetesCrudDispatcher {
    private static final ObjectMapper JSON = new ObjectMapper();
    final AtomicLong total = new AtomicLong();
    final AtomicLong writes = new AtomicLong();
    final AtomicLong driver = new AtomicLong();
    final ConcurrentHashMap<String, AtomicLong> requestsByKind = new ConcurrentHashMap<>();

    CountingDispatcher() {
      super(List.of());
    }

    @Override
    public MockResponse dispatch(RecordedRequest request) {
      if (request.getPath() != null && request.getPath().startsWith(COUNTS_PATH)) {
        return counts();
      }
      String agent = request.getHeader("User-Agent");
      if (agent != null && agent.contains(DRIVER_AGENT)) {
        driver.incrementAndGet();
      } else {
        total.incrementAndGet();
        String method = request.getMethod();
        String kind = kindOf(request.getPath());
        boolean watch = request.getPath().contains("watch=true");
        requestsByKind.computeIfAbsent(method + " " + kind + (watch ? " (watch)" : ""), k -> new AtomicLong())
            .incrementAndGet();
        if (!"GET".equalsIgnoreCase(method)) {
          writes.incrementAndGet();
          if ("POST".equalsIgnoreCase(method) && "events".equals(kind)) {
            // Acknowledged, not stored: nothing reads them back, and every stored object slows each
            // later request (the CRUD dispatcher scans its whole store per request).
            return new MockResponse().setResponseCode(201).setHeader("Content-Type", "application/json")
                .setBody(request.getUtf8Body());
          }
        }
      }
      return super.dispatch(request);
    }

    private MockResponse counts() {
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("total", total.get());
      body.put("writes", writes.get());
      body.put("driver", driver.get());
      Map<String, Long> byKind = new TreeMap<>();
      requestsByKind.forEach((k, v) -> byKind.put(k, v.get()));
      body.put("requestsByKind", byKind);
      try {
        return new MockResponse().setResponseCode(200).setHeader("Content-Type", "application/json")
            .setBody(JSON.writeValueAsString(body));
      } catch (IOException e) {
        return new MockResponse().setResponseCode(500).setBody(String.valueOf(e));
      }
    }

    /**
     * /api/v1/namespaces/ns/secrets/name → secrets; /apis/g/v/namespaces/ns/kind/name/status → kind/status;
     * /api/v1/secrets?… and /apis/g/v/kind?… (all namespaces) → secrets, kind.
     */
    static String kindOf(String path) {
      String[] parts = path.split("\\?")[0].split("/");
      for (int i = 0; i < parts.length - 2; i++) {
        if ("namespaces".equals(parts[i])) {
          String kind = parts[i + 2];
          return parts.length > i + 4 ? kind + "/" + parts[i + 4] : kind;
        }
      }
      int kind = parts.length > 1 && "api".equals(parts[1]) ? 3 : 4;
      return parts.length > kind ? parts[kind] : path;
    }
  }

  /** Held so that the level sticks: the mock server logs every request at INFO. */
  private static final java.util.logging.Logger MOCK_LOG = java.util.logging.Logger.getLogger("io.fabric8.mockwebserver");

  public static void main(String[] args) throws Exception {
    MOCK_LOG.setLevel(java.util.logging.Level.WARNING);
    CountingDispatcher dispatcher = new CountingDispatcher();
    KubernetesMockServer server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(),
        dispatcher, false);
    server.init(InetAddress.getLoopbackAddress(), 0);
    // The mock server keeps every request it answered; drop them, or its heap grows without bound.
    Thread drainer = new Thread(() -> {
      while (true) {
        try {
          server.takeRequest(100, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
          return;
        }
      }
    }, "request-log-drainer");
    drainer.setDaemon(true);
    drainer.start();

    System.out.println(URL_PREFIX + server.url("/"));
    System.out.flush();
    // Serve until the parent closes our stdin (it exited, or is done with us).
    while (System.in.read() >= 0) {
      // ignore input
    }
    server.destroy();
    System.exit(0);
  }

  private MockApiServer() {}
}
