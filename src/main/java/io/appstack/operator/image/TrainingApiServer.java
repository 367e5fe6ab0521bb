package io.appstack.operator.image;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * Just enough of a Kubernetes API server, over TLS on loopback, for the operator to start against it while the image
 * build records the classes a start loads ({@link CdsTraining}): every custom resource definition asked for exists
 * (namespaced), the operator may do anything (its leader election checks), every collection is empty, no other single object exists, what is created or updated is answered with
 * itself (the leader Lease), and a watch is accepted and then stays silent. JDK only: it runs in the image build,
 * from the operator's jar, with nothing else there.
 */
final class TrainingApiServer implements AutoCloseable {
  private static final String WEBSOCKET_GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";
  private static final byte[] NOT_FOUND = ("{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"metadata\":{},"
      + "\"status\":\"Failure\",\"reason\":\"NotFound\",\"code\":404}").getBytes(StandardCharsets.UTF_8);
  /** What the leader election's permission check reads: the operator may do anything. */
  private static final byte[] ALLOWED_EVERYTHING = ("{\"apiVersion\":\"authorization.k8s.io/v1\","
      + "\"kind\":\"SelfSubjectRulesReview\",\"spec\":{},\"status\":{\"resourceRules\":[{\"verbs\":[\"*\"],"
      + "\"apiGroups\":[\"*\"],\"resources\":[\"*\"]}],\"nonResourceRules\":[],\"incomplete\":false}}")
      .getBytes(StandardCharsets.UTF_8);
  private static final String CRDS = "/apis/apiextensions.k8s.io/v1/customresourcedefinitions/";
  private static final byte[] EMPTY_LIST = "{\"metadata\":{\"resourceVersion\":\"1\"},\"items\":[]}"
      .getBytes(StandardCharsets.UTF_8);

  private final HttpsServer server;
  private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "training-api-server");
    t.setDaemon(true);
    return t;
  });
  /** Open watches wait on this until the server closes. */
  private final CountDownLatch closed = new CountDownLatch(1);

  /** Serves on a free loopback port with the key in {@code keyStore} (PKCS12, password {@code password}). */
  TrainingApiServer(KeyStore keyStore, char[] password) throws Exception {
    KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    keys.init(keyStore, password);
    SSLContext tls = SSLContext.getInstance("TLS");
    tls.init(keys.getKeyManagers(), null, null);
    server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
    server.setHttpsConfigurator(new HttpsConfigurator(tls));
    server.setExecutor(threads);
    server.createContext("/", this::answer);
    server.start();
  }

  int port() {
    return server.getAddress().getPort();
  }

  private void answer(HttpExchange exchange) throws IOException {
    try (exchange) {
      byte[] body;
      try (InputStream in = exchange.getRequestBody()) {
        body = in.readAllBytes();
      }
      String method = exchange.getRequestMethod();
      String query = exchange.getRequestURI().getRawQuery();
      exchange.getResponseHeaders().set("Content-Type", "application/json");
      String key = exchange.getRequestHeaders().getFirst("Sec-WebSocket-Key");
      if (key != null) {
        watch(exchange, key);
      } else if (method.equals("GET") && query != null && query.contains("watch=true")) {
        exchange.sendResponseHeaders(200, 0); // a watch over plain HTTP: chunked, and nothing ever happens
        exchange.getResponseBody().flush();
        awaitClose();
      } else if (method.equals("GET") && exchange.getRequestURI().getPath().startsWith(CRDS)) {
        send(exchange, 200, crd(exchange.getRequestURI().getPath().substring(CRDS.length())));
      } else if (method.equals("GET")) {
        send(exchange, isCollection(exchange.getRequestURI().getPath()) ? 200 : 404,
            isCollection(exchange.getRequestURI().getPath()) ? EMPTY_LIST : NOT_FOUND);
      } else if (method.equals("POST") && exchange.getRequestURI().getPath().endsWith("/selfsubjectrulesreviews")) {
        send(exchange, 201, ALLOWED_EVERYTHING);
      } else if (method.equals("DELETE")) {
        send(exchange, 404, NOT_FOUND);
      } else {
        send(exchange, method.equals("POST") ? 201 : 200, body); // created or updated: the object as sent
      }
    }
  }

  /** Accepts a WebSocket watch (RFC 6455's handshake) and holds it open, sending no event. */
  private void watch(HttpExchange exchange, String key) throws IOException {
    exchange.getResponseHeaders().set("Upgrade", "websocket");
    exchange.getResponseHeaders().set("Connection", "Upgrade");
    exchange.getResponseHeaders().set("Sec-WebSocket-Accept", accept(key));
    exchange.sendResponseHeaders(101, -1);
    exchange.getResponseBody().flush();
    awaitClose();
  }

  private void awaitClose() {
    try {
      closed.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * A collection ends in a resource's plural name: {@code /api/v1/secrets}, {@code
   * /apis/apps/v1/namespaces/x/deployments}; a single object adds its name after it.
   */
  static boolean isCollection(String path) {
    String[] parts = path.replaceAll("^/|/$", "").split("/");
    int base = parts[0].equals("api") ? 2 : 3; // api/v1 or apis/group/version
    int rest = parts.length - base;
    boolean namespaced = rest >= 2 && parts[base].equals("namespaces");
    return namespaced ? rest == 3 : rest == 1;
  }

  /** A namespaced custom resource definition named {@code plural.group}, as the SDK checks one at start. */
  static byte[] crd(String name) {
    int dot = name.indexOf('.');
    String plural = dot < 0 ? name : name.substring(0, dot);
    String group = dot < 0 ? "" : name.substring(dot + 1);
    return ("{\"apiVersion\":\"apiextensions.k8s.io/v1\",\"kind\":\"CustomResourceDefinition\",\"metadata\":{\"name\":\""
        + name + "\",\"resourceVersion\":\"1\"},\"spec\":{\"group\":\"" + group + "\",\"scope\":\"Namespaced\","
        + "\"names\":{\"plural\":\"" + plural + "\"},\"versions\":[]}}").getBytes(StandardCharsets.UTF_8);
  }

  static String accept(String key) {
    try {
      byte[] sha1 = MessageDigest.getInstance("SHA-1").digest((key + WEBSOCKET_GUID).getBytes(StandardCharsets.US_ASCII));
      return Base64.getEncoder().encodeToString(sha1);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void send(HttpExchange exchange, int status, byte[] body) throws IOException {
    exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
    exchange.getResponseBody().write(body);
  }

  @Override
  public void close() {
    closed.countDown();
    server.stop(0);
    threads.shutdownNow();
  }
}
