package io.appstack.operator.simulate;

/** Mean of the last {@code n} values added, like a rate() over a range of steps. */
final class RollingMean {
  private final double[] ring;
  private double sum;
  private int pos;
  private int filled;

  RollingMean(int n) {
    ring = new double[Math.max(1, n)];
  }

  void add(double v) {
    sum += v - ring[pos];
    ring[pos] = v;
    pos = (pos + 1) % ring.length;
    if (filled < ring.length) {
      filled++;
    }
  }

  /** The mean so far (over fewer values until the window has filled). */
  double mean() {
    return filled == 0 ? 0 : Math.max(0, sum / filled);
  }
}
