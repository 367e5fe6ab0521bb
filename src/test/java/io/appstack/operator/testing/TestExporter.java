package io.appstack.operator.testing;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A /metrics endpoint whose series the test sets, in the Prometheus text format. Gauges report the
 * value set; counters grow at the rate set, so {@code rate()} over them returns that rate.
 */
public final class TestExporter implements AutoCloseable {
  private final HttpServer server;
  private final Map<String, Double> gauges = new ConcurrentHashMap<>();
  private final Map<String, double[]> counters = new ConcurrentHashMap<>(); // {value, ratePerSecond, lastNanos}

  public TestExporter() {
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.createContext("/metrics", exchange -> {
      byte[] body = render().getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", "text/plain; version=0.0.4");
      exchange.sendResponseHeaders(200, body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    });
    server.start();
  }

  public int port() {
    return server.getAddress().getPort();
  }

  /** Sets a gauge, e.g. {@code gauge("appstack_queue_depth{queue=\"emails\"}", 5000)}. */
  public void gauge(String series, double value) {
    gauges.put(series, value);
  }

  public void remove(String series) {
    gauges.remove(series);
    counters.remove(series);
  }

  /** Makes a counter grow at {@code perSecond} from now on. */
  public void counterRate(String series, double perSecond) {
    counters.compute(series, (k, c) -> {
      double[] state = c == null ? new double[] {0, 0, System.nanoTime()} : advance(c);
      state[1] = perSecond;
      return state;
    });
  }

  private static double[] advance(double[] c) {
    long now = System.nanoTime();
    c[0] += c[1] * (now - c[2]) / 1e9;
    c[2] = now;
    return c;
  }

  private synchronized String render() {
    StringBuilder out = new StringBuilder();
    new TreeMap<>(gauges).forEach((series, value) -> out.append(series).append(' ').append(format(value)).append('\n'));
    new TreeMap<>(counters).forEach((series, c) -> {
      advance(c);
      out.append(series).append(' ').append(format(c[0])).append('\n');
    });
    return out.toString();
  }

  private static String format(double v) {
    if (Double.isNaN(v)) {
      return "NaN";
    }
    if (Double.isInfinite(v)) {
      return v > 0 ? "+Inf" : "-Inf";
    }
    return Double.toString(v);
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
