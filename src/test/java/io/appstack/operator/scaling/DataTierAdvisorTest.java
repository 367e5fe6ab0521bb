package io.appstack.operator.scaling;

import static org.assertj.core.api.Assertions.assertThat;

import io.appstack.operator.scaling.datatier.DataTierAdvisor.Advice;
import io.appstack.operator.scaling.datatier.DataTierAdvisor.Figures;
import io.appstack.operator.scaling.datatier.DataTierAdvisor;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Advice from the seed's "When to Scale" table; unknown figures give none. */
class DataTierAdvisorTest {

  @ParameterizedTest(name = "size {0} GB, tenants {1}, query {2} ms (replicas {3}), api p95 {4} ms (ceiling {5}) → {6}")
  @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
      -    | -     | -    | false | -   | false | -
      100  | -     | -    | false | -   | false | -
      101  | -     | -    | false | -   | false | Partitioning
      150  | 50    | -    | false | -   | false | Partitioning,TenantSharding
      -    | 10001 | -    | false | -   | false | TenantSharding
      -    | 10000 | -    | false | -   | false | -
      -    | -     | 1500 | true  | -   | false | Indexes
      -    | -     | 1500 | false | -   | false | -
      -    | -     | 900  | true  | -   | false | -
      -    | -     | -    | false | 612 | true  | Caching
      -    | -     | -    | false | 612 | false | -
      -    | -     | -    | false | NaN | true  | -
      200  | 20000 | 2000 | true  | 700 | true  | Partitioning,TenantSharding,Indexes,Caching
      """)
  void adviceFollowsTheThresholds(Double sizeGb, Long tenants, Double queryMs, boolean replicas, Double apiP95,
      boolean ceiling, String expected) {
    List<Advice> advice = DataTierAdvisor.advise(new Figures(sizeGb, tenants, queryMs, replicas, apiP95, ceiling));
    List<String> types = advice.stream().map(Advice::type).toList();
    assertThat(types).containsExactlyElementsOf(expected == null ? List.of() : List.of(expected.split(",")));
    advice.forEach(a -> assertThat(a.message()).isNotBlank().doesNotContain("null"));
  }

  @org.junit.jupiter.api.Test
  void messagesCarryTheFigure() {
    assertThat(DataTierAdvisor.advise(new Figures(240.0, null, null, false, null, false)).get(0).message())
        .contains("240 GB");
    assertThat(DataTierAdvisor.advise(Figures.NONE)).isEmpty();
  }
}
