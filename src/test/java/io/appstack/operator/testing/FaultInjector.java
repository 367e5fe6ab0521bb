package io.appstack.operator.testing;

import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.fabric8.mockwebserver.http.Response;
import io.fabric8.mockwebserver.http.WebSocket;
import io.fabric8.mockwebserver.http.WebSocketListener;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * The mock API server's CRUD dispatcher with faults on chosen requests: error answers (409 conflicts,
 * 500s), slow answers, and dropped or refused watches. Faults are armed by tests and removed with
 * {@link #clear()}. It can also record requests with their bodies ({@link #record()}), which the mock
 * server's own request log loses: the CRUD dispatcher consumes a request's body when it handles it.
 */
public final class FaultInjector extends KubernetesCrudDispatcher {
  /** A fault: requests matching {@code when} get {@code status} (0: answered normally after {@code delay}). */
  public record Fault(Predicate<RecordedRequest> when, int status, Duration delay, AtomicInteger remaining,
      AtomicInteger hits) {}

  /** A request as received: who sent it (User-Agent), what, and its body ({@code ""} when none). */
  public record Received(String userAgent, String method, String path, String body) {}

  private final List<Fault> faults = new CopyOnWriteArrayList<>();
  /** Open watch connections, so that tests can drop them. */
  private final Set<WebSocket> watches = ConcurrentHashMap.newKeySet();
  /** Watch paths already answered 410 Gone since {@link #expireWatches()}; null when not armed. */
  private volatile Set<String> expired;
  private volatile Queue<Received> recording;

  public FaultInjector() {
    super(List.of());
  }

  /** Answers the next {@code times} matching requests with {@code status} and a Kubernetes Status body. */
  public Fault fail(String method, String pathFragment, int status, int times) {
    Fault fault = new Fault(matching(method, pathFragment), status, Duration.ZERO, new AtomicInteger(times),
        new AtomicInteger());
    faults.add(fault);
    return fault;
  }

  /** Delays every matching request by {@code delay} until cleared. */
  public Fault slow(String method, String pathFragment, Duration delay) {
    Fault fault = new Fault(matching(method, pathFragment), 0, delay, new AtomicInteger(Integer.MAX_VALUE),
        new AtomicInteger());
    faults.add(fault);
    return fault;
  }

  /** Answers the next {@code times} watch requests whose path contains {@code pathFragment} with {@code status}. */
  public Fault refuseWatches(String pathFragment, int status, int times) {
    Fault fault = new Fault(r -> isWatch(r) && r.getPath().contains(pathFragment), status, Duration.ZERO,
        new AtomicInteger(times), new AtomicInteger());
    faults.add(fault);
    return fault;
  }

  /** Closes every open watch whose path contains {@code pathFragment}, as an API server restart does. */
  public int dropWatches(String pathFragment) {
    int dropped = 0;
    for (WebSocket watch : watches) {
      if (watch.request().getPath().contains(pathFragment) && watches.remove(watch)) {
        watch.close(1001, "injected fault: watch dropped");
        dropped++;
      }
    }
    return dropped;
  }

  /**
   * Ends the first watch on each watched collection with a 410 Gone error event, as a real API server
   * does when the client's resourceVersion is older than it keeps: the informer must list again. (The
   * mock server re-sends existing objects to a new watch but never the deletions it missed, so without
   * this a test would lose what a real server would not let it lose.)
   */
  public void expireWatches() {
    expired = ConcurrentHashMap.newKeySet();
  }

  /** How many watch paths were answered 410 Gone since {@link #expireWatches()}. */
  public int expiredWatches() {
    Set<String> paths = expired;
    return paths == null ? 0 : paths.size();
  }

  public void clear() {
    faults.clear();
    expired = null;
  }

  /** Starts recording every request, body included (until {@link #stopRecording()}). */
  public void record() {
    recording = new ConcurrentLinkedQueue<>();
  }

  /** Stops recording and returns what was recorded, in the order received. */
  public List<Received> stopRecording() {
    Queue<Received> recorded = recording;
    recording = null;
    return recorded == null ? List.of() : new ArrayList<>(recorded);
  }

  private static Predicate<RecordedRequest> matching(String method, String pathFragment) {
    return r -> r.getMethod().equalsIgnoreCase(method) && r.getPath() != null && r.getPath().contains(pathFragment)
        && !isWatch(r);
  }

  /** The watch's path and selectors, without its resourceVersion. */
  private static String watchedCollection(RecordedRequest request) {
    return request.getPath().replaceAll("resourceVersion=[^&]*", "");
  }

  private static boolean isWatch(RecordedRequest request) {
    return request.getPath() != null && request.getPath().contains("watch=true");
  }

  @Override
  public MockResponse dispatch(RecordedRequest request) {
    Queue<Received> recorded = recording;
    if (recorded != null) {
      // getBytes() leaves the body in place for the CRUD dispatcher, which reads it destructively.
      String body = request.getBody() == null ? "" : new String(request.getBody().getBytes(), StandardCharsets.UTF_8);
      recorded.add(new Received(request.getHeader("User-Agent"), request.getMethod(), request.getPath(), body));
    }
    MockResponse response = faulted(request);
    if (response.getWebSocketListener() != null) {
      response.withWebSocketUpgrade(new TrackedWatch(response.getWebSocketListener()));
    }
    return response;
  }

  private MockResponse faulted(RecordedRequest request) {
    Set<String> expiring = expired;
    if (expiring != null && isWatch(request) && expiring.add(watchedCollection(request))) {
      return new MockResponse().withWebSocketUpgrade(new WebSocketListener() {
        @Override
        public void onOpen(WebSocket webSocket, Response response) {
          webSocket.send("{\"type\":\"ERROR\",\"object\":" + status(410) + "}");
        }
      });
    }
    for (Fault fault : faults) {
      if (fault.when().test(request) && fault.remaining().getAndDecrement() > 0) {
        fault.hits().incrementAndGet();
        if (fault.status() == 0) {
          sleep(fault.delay());
          break;
        }
        return new MockResponse().setResponseCode(fault.status()).setBody(status(fault.status()));
      }
    }
    return super.dispatch(request);
  }

  private static String status(int code) {
    String reason = switch (code) {
      case 409 -> "Conflict";
      case 410 -> "Expired";
      case 500 -> "InternalError";
      case 503 -> "ServiceUnavailable";
      default -> "Unknown";
    };
    return "{\"apiVersion\":\"v1\",\"kind\":\"Status\",\"status\":\"Failure\",\"code\":" + code
        + ",\"reason\":\"" + reason + "\",\"message\":\"injected fault: " + reason + "\"}";
  }

  private static void sleep(Duration delay) {
    try {
      Thread.sleep(delay.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** The CRUD dispatcher's watch listener, with the connection remembered while it is open. */
  private final class TrackedWatch extends WebSocketListener {
    private final WebSocketListener delegate;

    TrackedWatch(WebSocketListener delegate) {
      this.delegate = delegate;
    }

    @Override
    public void onBeforeAccept(WebSocket webSocket, Response response) {
      delegate.onBeforeAccept(webSocket, response);
    }

    @Override
    public void onOpen(WebSocket webSocket, Response response) {
      watches.add(webSocket);
      delegate.onOpen(webSocket, response);
    }

    @Override
    public void onMessage(WebSocket webSocket, String text) {
      delegate.onMessage(webSocket, text);
    }

    @Override
    public void onMessage(WebSocket webSocket, byte[] bytes) {
      delegate.onMessage(webSocket, bytes);
    }

    @Override
    public void onClosing(WebSocket webSocket, int code, String reason) {
      watches.remove(webSocket);
      delegate.onClosing(webSocket, code, reason);
    }

    @Override
    public void onClosed(WebSocket webSocket, int code, String reason) {
      watches.remove(webSocket);
      delegate.onClosed(webSocket, code, reason);
    }

    @Override
    public void onFailure(WebSocket webSocket, Throwable t, Response response) {
      watches.remove(webSocket);
      delegate.onFailure(webSocket, t, response);
    }
  }
}
