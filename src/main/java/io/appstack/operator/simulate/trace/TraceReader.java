package io.appstack.operator.simulate.trace;

import io.appstack.operator.simulate.InputException;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Reads a trace CSV with a header row. Per-interval mode takes a time column and a count column
 * (any interval: the smallest step between consecutive rows unless given; missing rows are
 * intervals with zero load). Arrivals mode takes one row per request and reads only the time
 * column. Any problem is an {@link InputException} naming the file and line.
 */
public final class TraceReader {

  private final String timeColumn;
  private final String countColumn;
  private final boolean arrivals;
  private final Long intervalMicros;

  /**
   * @param timeColumn header name of the time column, or null for the first column
   * @param countColumn header name of the count column, or null for the second (per-interval mode)
   * @param arrivals true for one row per arrival
   * @param intervalMicros span of one row in per-interval mode, or null to infer it
   */
  public TraceReader(String timeColumn, String countColumn, boolean arrivals, Long intervalMicros) {
    if (arrivals && countColumn != null) {
      throw new InputException("--count-column cannot be used with --arrivals (each row is one arrival)");
    }
    if (intervalMicros != null && intervalMicros <= 0) {
      throw new InputException("--interval must be positive");
    }
    this.timeColumn = timeColumn;
    this.countColumn = countColumn;
    this.arrivals = arrivals;
    this.intervalMicros = intervalMicros;
  }

  /** Reads {@code file}; {@code name} is how errors refer to it. */
  public Trace read(Path file, String name) {
    try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      return read(in, name);
    } catch (NoSuchFileException e) {
      throw new InputException(name + ": no such file");
    } catch (IOException e) {
      throw new InputException(name + ": cannot read (" + e.getMessage() + ")");
    }
  }

  public Trace read(BufferedReader in, String name) throws IOException {
    String header = in.readLine();
    if (header == null) {
      throw new InputException(name + ": empty file (expected a header row)");
    }
    if (header.startsWith("\uFEFF")) {
      header = header.substring(1);
    }
    List<String> columns = Csv.split(header);
    int timeAt = column(columns, timeColumn, 0, "--time-column", name);
    int countAt = arrivals ? -1 : column(columns, countColumn, 1, "--count-column", name);

    String timeName = columns.get(timeAt).strip();
    Timestamps.Kind timeKind = null;
    long kindLine = 0;
    long[] times = new long[1024];
    double[] counts = arrivals ? null : new double[1024];
    int n = 0;
    long lineNo = 1;
    String line;
    List<String> fields = new ArrayList<>(columns.size());
    while ((line = in.readLine()) != null) {
      lineNo++;
      if (line.isBlank()) {
        continue;
      }
      fields.clear();
      Csv.split(line, fields);
      int needed = Math.max(timeAt, countAt) + 1;
      if (fields.size() < needed) {
        throw InputException.at(name, lineNo, "row has " + fields.size() + " field" + (fields.size() == 1 ? "" : "s")
            + ", expected at least " + needed);
      }
      String timeText = fields.get(timeAt);
      Timestamps.Parsed parsed;
      try {
        parsed = Timestamps.parse(timeText);
      } catch (IllegalArgumentException e) {
        throw InputException.at(name, lineNo, "time '" + timeText.strip() + "' "
            + (e.getMessage().startsWith("is not") ? "" : "in column '" + timeName + "' ") + e.getMessage());
      }
      if (timeKind == null) {
        timeKind = parsed.kind();
        kindLine = lineNo;
        if (timeKind == Timestamps.Kind.EPOCH_SECONDS && looksLikeCompactDate(timeText.strip())) {
          throw InputException.at(name, lineNo, "time '" + timeText.strip() + "' in column '" + timeName
              + "' looks like a date written yyyyMMdd, not epoch seconds; write dates as yyyy-MM-ddTHH:mm");
        }
      } else if (parsed.kind() != timeKind) {
        // One column, one clock: epoch (UTC), offset (UTC) and local times cannot be put on one axis.
        throw InputException.at(name, lineNo, "time '" + timeText.strip() + "' is " + describe(parsed.kind())
            + " but column '" + timeName + "' began with " + describe(timeKind) + " (line " + kindLine
            + "); use one kind of time per column");
      }
      long t = parsed.micros();
      if (n > 0) {
        long prev = times[n - 1];
        if (t < prev || (!arrivals && t == prev)) {
          throw InputException.at(name, lineNo, "time '" + timeText.strip() + "' is "
              + (t == prev ? "the same as" : "before") + " the previous row's (rows must be sorted by time"
              + (arrivals ? ")" : ", one row per interval)"));
        }
      }
      if (n == times.length) {
        times = Arrays.copyOf(times, n * 2);
        if (counts != null) {
          counts = Arrays.copyOf(counts, n * 2);
        }
      }
      times[n] = t;
      if (!arrivals) {
        counts[n] = count(fields.get(countAt), name, lineNo);
      }
      n++;
    }
    if (n == 0) {
      throw new InputException(name + ": no data rows after the header");
    }
    times = Arrays.copyOf(times, n);
    Trace trace = arrivals ? Trace.arrivals(name, times)
        : Trace.counts(name, times, Arrays.copyOf(counts, n), interval(times, name));
    return timeKind == Timestamps.Kind.LOCAL ? trace.inLocalTime() : trace;
  }

  private static String describe(Timestamps.Kind kind) {
    return switch (kind) {
      case EPOCH_SECONDS -> "epoch seconds";
      case OFFSET -> "a date-time with a zone offset";
      case LOCAL -> "a date-time without a zone offset";
    };
  }

  // 19950701 would be read as epoch second 19,950,701 (August 1970): refuse a first value that
  // is a valid yyyyMMdd date of 1900–2199 rather than guess.
  static boolean looksLikeCompactDate(String text) {
    if (text.length() != 8 || !text.chars().allMatch(Character::isDigit)) {
      return false;
    }
    int year = Integer.parseInt(text.substring(0, 4));
    int month = Integer.parseInt(text.substring(4, 6));
    int day = Integer.parseInt(text.substring(6, 8));
    if (year < 1900 || year > 2199 || month < 1 || month > 12 || day < 1) {
      return false;
    }
    return day <= java.time.YearMonth.of(year, month).lengthOfMonth();
  }

  private long interval(long[] times, String name) {
    if (intervalMicros != null) {
      return intervalMicros;
    }
    long smallest = Long.MAX_VALUE;
    for (int i = 1; i < times.length; i++) {
      smallest = Math.min(smallest, times[i] - times[i - 1]);
    }
    if (smallest == Long.MAX_VALUE) {
      throw new InputException(name + ": one row only; give its interval with --interval");
    }
    return smallest;
  }

  private static double count(String text, String name, long lineNo) {
    String s = text.strip();
    double v;
    try {
      v = Double.parseDouble(s);
    } catch (NumberFormatException e) {
      throw InputException.at(name, lineNo, "count '" + s + "' is not a number");
    }
    if (Double.isNaN(v) || Double.isInfinite(v) || s.endsWith("d") || s.endsWith("f") || s.endsWith("D")
        || s.endsWith("F")) {
      throw InputException.at(name, lineNo, "count '" + s + "' is not a number");
    }
    if (v < 0) {
      throw InputException.at(name, lineNo, "count '" + s + "' is negative");
    }
    return v;
  }

  private static int column(List<String> columns, String wanted, int fallback, String flag, String name) {
    if (wanted == null) {
      if (fallback >= columns.size()) {
        throw InputException.at(name, 1, "header has " + columns.size() + " column"
            + (columns.size() == 1 ? "" : "s") + "; name the " + (fallback == 0 ? "time" : "count") + " column with "
            + flag + (fallback == 1 ? " or use --arrivals" : ""));
      }
      return fallback;
    }
    for (int i = 0; i < columns.size(); i++) {
      if (columns.get(i).strip().equals(wanted)) {
        return i;
      }
    }
    for (int i = 0; i < columns.size(); i++) {
      if (columns.get(i).strip().equalsIgnoreCase(wanted)) {
        return i;
      }
    }
    throw InputException.at(name, 1, "no column '" + wanted + "' (" + flag + "); the header has "
        + String.join(", ", columns.stream().map(String::strip).toList()));
  }

  /** Minimal CSV field splitting: commas, double-quoted fields with "" escapes. */
  static final class Csv {
    private Csv() {}

    static List<String> split(String line) {
      List<String> out = new ArrayList<>();
      split(line, out);
      return out;
    }

    static void split(String line, List<String> out) {
      int i = 0;
      int len = line.length();
      if (len > 0 && line.charAt(len - 1) == '\r') {
        len--;
      }
      StringBuilder sb = null;
      while (true) {
        if (i < len && line.charAt(i) == '"') {
          if (sb == null) {
            sb = new StringBuilder();
          }
          sb.setLength(0);
          i++;
          while (i < len) {
            char c = line.charAt(i++);
            if (c == '"') {
              if (i < len && line.charAt(i) == '"') {
                sb.append('"');
                i++;
              } else {
                break;
              }
            } else {
              sb.append(c);
            }
          }
          int comma = line.indexOf(',', i);
          out.add(sb.toString());
          if (comma < 0 || comma >= len) {
            return;
          }
          i = comma + 1;
        } else {
          int comma = line.indexOf(',', i);
          if (comma < 0 || comma >= len) {
            out.add(line.substring(i, len));
            return;
          }
          out.add(line.substring(i, comma));
          i = comma + 1;
        }
      }
    }
  }
}
