package io.appstack.operator.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A proxy in front of a real Prometheus that can misbehave the ways a real one cannot be made to on
 * demand: answer slower than the operator's timeout, or answer with a body that is not the HTTP API's
 * JSON (a cut-off reply, an HTML error page from something in between). Otherwise it forwards.
 */
public final class PrometheusFaultProxy implements AutoCloseable {
  /** How the proxy answers. */
  public enum Mode { FORWARD, SLOW, MALFORMED }

  /** A vector result cut off mid-way, as a dropped connection behind a buffering proxy leaves it. */
  static final String CUT_OFF = "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[{\"metric\":{},\"val";

  private final HttpServer server;
  private final HttpClient upstreamClient = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private final URI upstream;
  private final AtomicReference<Mode> mode = new AtomicReference<>(Mode.FORWARD);
  private final AtomicReference<Duration> delay = new AtomicReference<>(Duration.ZERO);
  private final AtomicLong faulted = new AtomicLong();

  public PrometheusFaultProxy(URI upstream) {
    this.upstream = upstream;
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.setExecutor(Executors.newCachedThreadPool(r -> {
      Thread t = new Thread(r, "prometheus-fault-proxy");
      t.setDaemon(true);
      return t;
    }));
    server.createContext("/", this::handle);
    server.start();
  }

  public URI url() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  public void forward() {
    mode.set(Mode.FORWARD);
  }

  /** Answers every query only after {@code by}, then forwards it. */
  public void slow(Duration by) {
    delay.set(by);
    mode.set(Mode.SLOW);
  }

  public void malformed() {
    mode.set(Mode.MALFORMED);
  }

  /** Requests answered with a fault since the start. */
  public long faulted() {
    return faulted.get();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      Mode now = mode.get();
      if (now == Mode.MALFORMED) {
        faulted.incrementAndGet();
        send(exchange, 200, "application/json", CUT_OFF.getBytes(StandardCharsets.UTF_8));
        return;
      }
      if (now == Mode.SLOW) {
        faulted.incrementAndGet();
        sleep(delay.get());
      }
      byte[] body = exchange.getRequestBody().readAllBytes();
      HttpRequest.Builder request = HttpRequest.newBuilder(upstream.resolve(exchange.getRequestURI().toString()))
          .timeout(Duration.ofSeconds(10))
          .method(exchange.getRequestMethod(), HttpRequest.BodyPublishers.ofByteArray(body));
      String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
      if (contentType != null) {
        request.header("Content-Type", contentType);
      }
      try {
        HttpResponse<byte[]> answer = upstreamClient.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        send(exchange, answer.statusCode(), answer.headers().firstValue("Content-Type").orElse("application/json"),
            answer.body());
      } catch (IOException e) {
        send(exchange, 502, "text/plain", ("upstream: " + e).getBytes(StandardCharsets.UTF_8));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private static void send(HttpExchange exchange, int status, String contentType, byte[] body) throws IOException {
    exchange.getResponseHeaders().set("Content-Type", contentType);
    exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
    if (body.length > 0) {
      exchange.getResponseBody().write(body);
    }
  }

  private static void sleep(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
