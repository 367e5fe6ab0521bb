package io.appstack.operator.testing;

import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * The mock API server's CRUD dispatcher with faults on chosen requests: error answers (409 conflicts,
 * 500s) and slow answers. Faults are armed by tests and removed with {@link #clear()}. It can also record
 * requests with their bodies ({@link #record()}), which the mock server's own request log loses: the CRUD
 * dispatcher consumes a request's body when it handles it.
 */
public final class FaultInjector extends KubernetesCrudDispatcher {
  /** A fault: requests matching {@code when} get {@code status} (0: answered normally after {@code delay}). */
  public record Fault(Predicate<RecordedRequest> when, int status, Duration delay, AtomicInteger remaining,
      AtomicInteger hits) {}

  /** A request as received: who sent it (User-Agent), what, and its body ({@code ""} when none). */
  public record Received(String userAgent, String method, String path, String body) {}

  private final List<Fault> faults = new CopyOnWriteArrayList<>();
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

  public void clear() {
    faults.clear();
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
        && !r.getPath().contains("watch=true");
  }

  @Override
  public MockResponse dispatch(RecordedRequest request) {
    Queue<Received> recorded = recording;
    if (recorded != null) {
      // getBytes() leaves the body in place for the CRUD dispatcher, which reads it destructively.
      String body = request.getBody() == null ? "" : new String(request.getBody().getBytes(), StandardCharsets.UTF_8);
      recorded.add(new Received(request.getHeader("User-Agent"), request.getMethod(), request.getPath(), body));
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
    String reason = code == 409 ? "Conflict" : code == 500 ? "InternalError" : "Unknown";
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
}
