package io.appstack.operator.simulate.trace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class TimestampsTest {

  @ParameterizedTest(name = "{0}")
  @CsvSource({
      "1995-07-01T00:00,                1995-07-01T00:00:00Z",
      "1995-07-01T00:01:30,             1995-07-01T00:01:30Z",
      "2023-11-16 18:17:03.9799600,     2023-11-16T18:17:03.979960Z",
      "2023-11-16 18:17:03.123,         2023-11-16T18:17:03.123Z",
      "2023-11-16T18:17:03Z,            2023-11-16T18:17:03Z",
      "2023-11-16T18:17:03+01:00,       2023-11-16T17:17:03Z",
      "2023-11-16T18:17:03.5-0430,      2023-11-16T22:47:03.5Z",
      "1700158623,                      2023-11-16T18:17:03Z",
      "1700158623.25,                   2023-11-16T18:17:03.25Z",
  })
  void readsEveryFormat(String text, String expected) {
    Instant at = Instant.parse(expected);
    assertThat(Timestamps.parseMicros(text)).isEqualTo(at.getEpochSecond() * 1_000_000L + at.getNano() / 1000);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
      "1995-07-01T00:00,          LOCAL",
      "2023-11-16 18:17:03.97996, LOCAL",
      "2023-11-16T18:17:03Z,      OFFSET",
      "2023-11-16T18:17:03-04:00, OFFSET",
      "1700158623,                EPOCH_SECONDS",
      "1700158623.25,             EPOCH_SECONDS",
      "0,                         EPOCH_SECONDS",
  })
  void saysWhetherATimeIsUtc(String text, Timestamps.Kind kind) {
    assertThat(Timestamps.parse(text).kind()).isEqualTo(kind);
  }

  @ParameterizedTest
  @ValueSource(strings = {"1700158623980", "804556800000", "1700158623980000", "100000000000.5"})
  void epochMillisecondsAreNotReadAsSeconds(String text) {
    // 804556800000 (1995-07-01 in ms) used to be read as seconds, in the year 27465.
    assertThatThrownBy(() -> Timestamps.parse(text)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("too large for epoch seconds").hasMessageContaining("milliseconds");
  }

  @ParameterizedTest
  @ValueSource(strings = {"12:3x", "", "2024-13-01T00:00", "2024-01-01", "yesterday", "2024-01-01T25:00", "-5"})
  void rejectsGarbage(String text) {
    assertThatThrownBy(() -> Timestamps.parseMicros(text)).isInstanceOf(IllegalArgumentException.class);
  }
}
