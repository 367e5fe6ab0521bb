package io.appstack.operator.scaling.config;

import io.appstack.operator.scaling.Component;
import java.util.Locale;
import java.util.Optional;

/**
 * The four phases of the scaling roadmap with their replica ranges and user ranges. In Auto the ranges classify a
 * stack's size (which phase it is in); pinned, the phase's ranges are its bounds.
 * User ranges are half-open: a phase covers {@code usersFrom <= users < usersBelow}.
 */
public enum Phase {
  SMALL("Small", new Bounds(2, 3), new Bounds(2, 3), 0, 1_000),
  MEDIUM("Medium", new Bounds(3, 5), new Bounds(3, 5), 1_000, 10_000),
  LARGE("Large", new Bounds(5, 10), new Bounds(5, 10), 10_000, 100_000),
  ENTERPRISE("Enterprise", new Bounds(10, 20), new Bounds(20, 50), 100_000, Double.POSITIVE_INFINITY);

  private final String label;
  private final Bounds apiBounds;
  private final Bounds workerBounds;
  private final double usersFrom;
  private final double usersBelow;

  Phase(String label, Bounds apiBounds, Bounds workerBounds, double usersFrom, double usersBelow) {
    this.label = label;
    this.apiBounds = apiBounds;
    this.workerBounds = workerBounds;
    this.usersFrom = usersFrom;
    this.usersBelow = usersBelow;
  }

  /** The phase for a status or spec label such as {@code Medium}. */
  public static Phase fromLabel(String label) {
    return valueOf(label.toUpperCase(Locale.ROOT));
  }

  /** Human name as used in the CRD, e.g. "Medium". */
  public String label() {
    return label;
  }

  /** Default API replica range of this phase. */
  public Bounds apiBounds() {
    return apiBounds;
  }

  /** Default replica range of each worker pool in this phase. */
  public Bounds workerBounds() {
    return workerBounds;
  }

  /** This phase's range in the roadmap's table for a component of that kind. */
  public Bounds range(Component component) {
    return component.kind() == Component.Kind.API ? apiBounds : workerBounds;
  }

  /** Lowest user count that belongs to this phase. */
  public double usersFrom() {
    return usersFrom;
  }

  /** User count at which this phase is outgrown (exclusive upper end). */
  public double usersBelow() {
    return usersBelow;
  }

  /** The next larger phase, empty for ENTERPRISE. */
  public Optional<Phase> next() {
    return ordinal() + 1 < values().length ? Optional.of(values()[ordinal() + 1]) : Optional.empty();
  }

  /** The next smaller phase, empty for SMALL. */
  public Optional<Phase> previous() {
    return ordinal() > 0 ? Optional.of(values()[ordinal() - 1]) : Optional.empty();
  }
}
