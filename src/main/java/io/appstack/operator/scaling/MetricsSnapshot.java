package io.appstack.operator.scaling;

import io.appstack.operator.scaling.signal.Forecast;
import io.appstack.operator.scaling.signal.Sample;
import io.appstack.operator.scaling.signal.Signal;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The metrics of one stack at one moment: a sample per (component, signal), plus an optional
 * reason for each signal that could not be fetched. Immutable; build with {@link #builder()}.
 */
public final class MetricsSnapshot {

  private record Key(Component component, Signal signal) {}

  private static final MetricsSnapshot EMPTY = new Builder().build();

  private final Map<Key, Sample> samples;
  private final Map<Key, String> reasons;
  private final java.util.Set<Key> notConfigured;
  private final Sample users;
  private final String usersReason;
  private final Map<Component, Forecast> forecasts;

  private MetricsSnapshot(Builder b) {
    this.forecasts = Map.copyOf(b.forecasts);
    this.samples = Map.copyOf(b.samples);
    this.reasons = Map.copyOf(b.reasons);
    this.notConfigured = java.util.Set.copyOf(b.notConfigured);
    this.users = b.users;
    this.usersReason = b.usersReason;
  }

  /** A snapshot without any data (everything will be reported missing). */
  public static MetricsSnapshot empty() {
    return EMPTY;
  }

  /** Starts an empty builder. */
  public static Builder builder() {
    return new Builder();
  }

  /** The raw sample of a component signal, if any. */
  public Optional<Sample> sample(Component component, Signal signal) {
    return Optional.ofNullable(samples.get(new Key(component, signal)));
  }

  /** This snapshot with the predicted demand of some components added. */
  public MetricsSnapshot withForecasts(Map<Component, Forecast> more) {
    if (more.isEmpty()) {
      return this;
    }
    Builder b = new Builder();
    b.samples.putAll(samples);
    b.reasons.putAll(reasons);
    b.notConfigured.addAll(notConfigured);
    b.users = users;
    b.usersReason = usersReason;
    b.forecasts.putAll(forecasts);
    b.forecasts.putAll(more);
    return b.build();
  }

  /** The predicted demand of a component, if the predictive floor has one. */
  public Optional<Forecast> forecast(Component component) {
    return Optional.ofNullable(forecasts.get(component));
  }

  /** The stack-wide users sample, if any. */
  public Optional<Sample> users() {
    return Optional.ofNullable(users);
  }

  /** True when the users signal is in use (a sample or a failure reason was given). */
  public boolean usersConfigured() {
    return users != null || usersReason != null;
  }

  Reading read(Component component, Signal signal, Instant now, Duration staleAfter) {
    Key key = new Key(component, signal);
    if (notConfigured.contains(key)) {
      return Reading.notConfigured(signal);
    }
    return check(signal, samples.get(key), reasons.get(key), now, staleAfter);
  }

  Reading readUsers(Instant now, Duration staleAfter) {
    return check(Signal.USERS, users, usersReason, now, staleAfter);
  }

  // Anything that is not a fresh, finite, non-negative number is unusable, never zero.
  private static Reading check(Signal signal, Sample sample, String reason, Instant now, Duration staleAfter) {
    if (sample == null) {
      return Reading.missing(signal, reason != null ? reason : "no data");
    }
    double v = sample.value();
    if (Double.isNaN(v)) {
      return Reading.missing(signal, "NaN");
    }
    if (Double.isInfinite(v)) {
      return Reading.missing(signal, v > 0 ? "+Inf" : "-Inf");
    }
    if (v < 0) {
      return Reading.missing(signal, "negative (" + Fmt.num(v) + ")");
    }
    // A timestamp slightly in the future (clock skew with Prometheus) counts as fresh.
    Duration age = Duration.between(sample.timestamp(), now);
    if (age.compareTo(staleAfter) > 0) {
      return Reading.missing(signal, "stale (" + Fmt.duration(age) + " old)");
    }
    return Reading.ok(signal, v);
  }

  /** Collects samples and failure reasons. */
  public static final class Builder {
    private final Map<Key, Sample> samples = new HashMap<>();
    private final Map<Key, String> reasons = new HashMap<>();
    private final java.util.Set<Key> notConfigured = new java.util.HashSet<>();
    private Sample users;
    private String usersReason;
    private final Map<Component, Forecast> forecasts = new HashMap<>();

    private Builder() {}

    /** Sets the predicted demand of a component (see {@link Forecast}). */
    public Builder forecast(Component component, Forecast forecast) {
      forecasts.put(Objects.requireNonNull(component, "component"), Objects.requireNonNull(forecast, "forecast"));
      return this;
    }

    /** Adds an API sample (API_CPU_PERCENT or API_P95_MS). */
    public Builder api(Signal signal, double value, Instant at) {
      return sample(Component.API, signal, new Sample(value, at));
    }

    /** Adds a worker pool sample (QUEUE_DEPTH or OLDEST_JOB_AGE_SECONDS). */
    public Builder worker(String pool, Signal signal, double value, Instant at) {
      return sample(Component.worker(pool), signal, new Sample(value, at));
    }

    /** Adds a sample for any component signal. */
    public Builder sample(Component component, Signal signal, Sample sample) {
      requireMatching(component, signal);
      samples.put(new Key(component, signal), Objects.requireNonNull(sample, "sample"));
      return this;
    }

    /** Records why a component signal has no sample, e.g. "query failed: timeout". */
    public Builder missing(Component component, Signal signal, String reason) {
      requireMatching(component, signal);
      reasons.put(new Key(component, signal), Objects.requireNonNull(reason, "reason"));
      return this;
    }

    /**
     * Says the stack has no query for a component signal (e.g. no oldest-job age from BullMQ's export): it
     * takes no part in the rules, unlike a missing one, which blocks scale-down.
     */
    public Builder notConfigured(Component component, Signal signal) {
      requireMatching(component, signal);
      notConfigured.add(new Key(component, signal));
      return this;
    }

    /** Sets the stack-wide users sample. */
    public Builder users(double value, Instant at) {
      this.users = new Sample(value, at);
      return this;
    }

    /** Records why the (configured) users signal has no sample. */
    public Builder usersMissing(String reason) {
      this.usersReason = Objects.requireNonNull(reason, "reason");
      return this;
    }

    /** Builds the immutable snapshot. */
    public MetricsSnapshot build() {
      return new MetricsSnapshot(this);
    }

    private static void requireMatching(Component component, Signal signal) {
      if (signal.kind() != component.kind()) {
        throw new IllegalArgumentException(signal + " does not belong to " + component);
      }
    }
  }
}
