package io.appstack.operator.simulate.trace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.appstack.operator.simulate.InputException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The CSV readers: per-interval counts (with gaps), arrivals, column choice, and every kind of bad row. */
class TraceReaderTest {

  static Trace counts(String csv) {
    return read(new TraceReader(null, null, false, null), csv);
  }

  static Trace read(TraceReader reader, String csv) {
    try {
      return reader.read(new BufferedReader(new StringReader(csv)), "trace.csv");
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void perIntervalCountsInferTheIntervalAndGapsAreZeroLoad() {
    Trace t = counts("""
        minute,requests
        1995-07-01T00:00,60
        1995-07-01T00:01,120
        1995-07-01T00:05,30
        """);
    assertThat(t.kind()).isEqualTo(Trace.Kind.COUNTS);
    assertThat(t.rows()).isEqualTo(3);
    assertThat(t.intervalMicros()).isEqualTo(60_000_000L);
    assertThat(t.total()).isEqualTo(210);

    Load load = Load.of(t, 60);
    assertThat(load.steps()).isEqualTo(6); // 00:00 .. 00:05 inclusive
    assertThat(load.minuteRates()).containsExactly(1.0, 2.0, 0.0, 0.0, 0.0, 0.5);
    Load fine = Load.of(t, 5);
    assertThat(fine.steps()).isEqualTo(72);
    assertThat(fine.requests(0)).isCloseTo(5.0, within(1e-9)); // 60 per minute → 5 per 5s
    assertThat(fine.requests(12)).isCloseTo(10.0, within(1e-9));
    assertThat(fine.requests(24)).isZero(); // the gap
    assertThat(fine.total()).isCloseTo(210, within(1e-9));
  }

  @Test
  void anyIntervalAndNamedColumns() {
    Trace t = read(new TraceReader("ts", "n", false, null), """
        n,other,ts
        90,x,2024-01-01T00:00:00Z
        30,y,2024-01-01T00:00:30Z
        """);
    assertThat(t.intervalMicros()).isEqualTo(30_000_000L);
    Load load = Load.of(t, 10);
    assertThat(load.steps()).isEqualTo(6);
    assertThat(load.requests(0)).isCloseTo(30, within(1e-9));
    assertThat(load.requests(3)).isCloseTo(10, within(1e-9));
  }

  @Test
  void explicitIntervalSpreadsACountOverIt() {
    Trace t = read(new TraceReader(null, null, false, 3_600_000_000L), "t,c\n2024-01-01 00:00:00,3600\n");
    Load load = Load.of(t, 60);
    assertThat(load.steps()).isEqualTo(60);
    assertThat(load.minuteRates()[0]).isCloseTo(1.0, within(1e-9));
  }

  @Test
  void arrivalsOneRowEach() {
    Trace t = read(new TraceReader(null, null, true, null), """
        TIMESTAMP,ContextTokens,GeneratedTokens
        2023-11-16 18:17:03.9799600,4808,10
        2023-11-16 18:17:04.0319600,3180,8
        2023-11-16 18:17:04.0319600,110,27
        2023-11-16 18:18:10.5,1,1
        """);
    assertThat(t.kind()).isEqualTo(Trace.Kind.ARRIVALS);
    assertThat(t.rows()).isEqualTo(4);
    Load load = Load.of(t, 5);
    // grid starts at 18:17:00; 03.98 falls in [0,5), 04.03 in [0,5), 18:18:10.5 in step 14
    assertThat(load.requests(0)).isEqualTo(3);
    assertThat(load.requests(14)).isEqualTo(1);
    assertThat(load.total()).isEqualTo(4);
  }

  @Test
  void epochSecondColumnsPerIntervalEndToEnd() {
    // 1995-07-01T00:00Z = 804556800
    Trace t = counts("""
        epoch,requests
        804556800,60
        804556860,120
        804557100,30
        """);
    assertThat(t.localTime()).isFalse(); // epoch seconds are UTC
    assertThat(t.time(0)).isEqualTo(804_556_800_000_000L);
    assertThat(t.intervalMicros()).isEqualTo(60_000_000L);
    Load load = Load.of(t, 60);
    assertThat(load.startMicros()).isEqualTo(804_556_800_000_000L);
    assertThat(load.minuteRates()).containsExactly(1.0, 2.0, 0.0, 0.0, 0.0, 0.5);
  }

  @Test
  void fractionalEpochSecondArrivalsEndToEnd() {
    Trace t = read(new TraceReader("ts", null, true, null), """
        id,ts
        a,1700158623.25
        b,1700158624.5
        c,1700158629.999999
        d,1700158630
        """);
    assertThat(t.localTime()).isFalse();
    assertThat(t.time(0)).isEqualTo(1_700_158_623_250_000L);
    assertThat(t.time(2)).isEqualTo(1_700_158_629_999_999L);
    Load load = Load.of(t, 5);
    // grid from 18:17:00 (1700158620): 23.25 and 24.5 in [20, 25), 29.999999 in [25, 30), 30 in [30, 35)
    assertThat(load.startMicros()).isEqualTo(1_700_158_620_000_000L);
    assertThat(load.requests(0)).isEqualTo(2);
    assertThat(load.requests(1)).isEqualTo(1);
    assertThat(load.requests(2)).isEqualTo(1);
  }

  @Test
  void timesWithoutAnOffsetAreTheTracesLocalTimeWithOneAreUtc() {
    assertThat(counts("t,c\n1995-07-01T00:00,1\n1995-07-01T00:01,1\n").localTime()).isTrue();
    assertThat(counts("t,c\n1995-07-01T00:00-04:00,1\n1995-07-01T00:01-04:00,1\n").localTime()).isFalse();
  }

  @Test
  void smallEpochSecondsStillRead() {
    // A synthetic trace from epoch 0 is fine, even when later values have 8 digits.
    Trace t = counts("t,c\n0,1\n60,1\n19950700,1\n");
    assertThat(t.time(2)).isEqualTo(19_950_700_000_000L);
  }

  @Test
  void bundledTracesRead() {
    Trace nasa = new TraceReader(null, null, false, null)
        .read(Path.of("samples/traces/nasa-http-1995/requests_per_minute.csv"), "nasa");
    assertThat(nasa.rows()).isEqualTo(84_334);
    assertThat(nasa.intervalMicros()).isEqualTo(60_000_000L);
    Trace azure = new TraceReader("TIMESTAMP", null, true, null)
        .read(Path.of("samples/traces/azure-llm-code-2023/arrivals.csv"), "azure");
    assertThat(azure.rows()).isGreaterThan(8_800);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "unknown column     | t,c\\n2024-01-01T00:00,1\\n                      | trace.csv:1: no column 'requests' (--count-column); the header has t, c",
      "unparsable time    | t,c\\n2024-01-01T00:00,1\\n12:3x,2\\n             | trace.csv:3: time '12:3x' is not a timestamp",
      "impossible date    | t,c\\n2024-02-30T00:00,1\\n                      | trace.csv:2: time '2024-02-30T00:00' is not a timestamp",
      "negative count     | t,c\\n2024-01-01T00:00,1\\n2024-01-01T00:01,-3\\n | trace.csv:3: count '-3' is negative",
      "count not a number | t,c\\n2024-01-01T00:00,abc\\n                    | trace.csv:2: count 'abc' is not a number",
      "unsorted rows      | t,c\\n2024-01-01T00:05,1\\n2024-01-01T00:01,1\\n | trace.csv:3: time '2024-01-01T00:01' is before the previous row's (rows must be sorted by time, one row per interval)",
      "repeated time      | t,c\\n2024-01-01T00:05,1\\n2024-01-01T00:05,1\\n | trace.csv:3: time '2024-01-01T00:05' is the same as the previous row's (rows must be sorted by time, one row per interval)",
      "short row          | t,c\\n2024-01-01T00:05\\n                        | trace.csv:2: row has 1 field, expected at least 2",
      "no rows            | t,c\\n                                            | trace.csv: no data rows after the header",
      "epoch milliseconds | t,c\\n1700158623000,1\\n                    | trace.csv:2: time '1700158623000' in column 't' is too large for epoch seconds (after the year 5138): epoch milliseconds or microseconds? give seconds",
      "1995 in ms         | t,c\\n804556800000,1\\n                     | trace.csv:2: time '804556800000' in column 't' is too large for epoch seconds (after the year 5138): epoch milliseconds or microseconds? give seconds",
      "yyyyMMdd           | t,c\\n19950701,1\\n19950702,1\\n            | trace.csv:2: time '19950701' in column 't' looks like a date written yyyyMMdd, not epoch seconds; write dates as yyyy-MM-ddTHH:mm",
      "epoch then date    | t,c\\n804556800,1\\n1995-07-01T00:01,1\\n   | trace.csv:3: time '1995-07-01T00:01' is a date-time without a zone offset but column 't' began with epoch seconds (line 2); use one kind of time per column",
      "date then epoch    | t,c\\n1995-07-01T00:00,1\\n804556860,1\\n   | trace.csv:3: time '804556860' is epoch seconds but column 't' began with a date-time without a zone offset (line 2); use one kind of time per column",
      "local then offset  | t,c\\n1995-07-01T00:00,1\\n1995-07-01T00:01Z,1\\n | trace.csv:3: time '1995-07-01T00:01Z' is a date-time with a zone offset but column 't' began with a date-time without a zone offset (line 2); use one kind of time per column",
  })
  void badInputIsOneLineNamingTheRow(String name, String csv, String message) {
    TraceReader reader = new TraceReader(null, name.equals("unknown column") ? "requests" : null, false, null);
    String text = csv.strip().replace("\\n", "\n");
    assertThatThrownBy(() -> read(reader, text))
        .isInstanceOf(InputException.class)
        .hasMessage(message.strip())
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
  }

  @Test
  void unsortedArrivalsAreRejectedButEqualTimesAreFine() {
    TraceReader reader = new TraceReader(null, null, true, null);
    assertThat(read(reader, "t\n1700000000\n1700000000\n").rows()).isEqualTo(2);
    assertThatThrownBy(() -> read(reader, "t\n1700000001\n1700000000.5\n"))
        .hasMessage("trace.csv:3: time '1700000000.5' is before the previous row's (rows must be sorted by time)");
  }

  @Test
  void countColumnWithArrivalsIsRejected() {
    assertThatThrownBy(() -> new TraceReader(null, "c", true, null))
        .isInstanceOf(InputException.class).hasMessageContaining("--count-column cannot be used with --arrivals");
  }

  @Test
  void quotedFieldsAndCrLf() {
    Trace t = counts("\"time\",\"count, total\"\r\n\"2024-01-01T00:00\",\"5\"\r\n\"2024-01-01T00:01\",7\r\n");
    assertThat(t.rows()).isEqualTo(2);
    assertThat(t.count(1)).isEqualTo(7);
  }
}
