package io.appstack.operator.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import io.appstack.operator.api.ApiSpec;
import io.appstack.operator.api.AppStack;
import io.appstack.operator.api.AppStackSpec;
import io.appstack.operator.api.status.AppStackStatus;
import io.appstack.operator.kube.Conditions;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class StatusLeftTest {
  final StatusLeft statusLeft = new StatusLeft();
  final AtomicInteger reads = new AtomicInteger();

  static AppStack stack(String uid, String phase) {
    AppStack stack = new AppStack("ns", "shop", AppStackSpec.ofApi(ApiSpec.of("acme/api:1")));
    stack.getMetadata().setUid(uid);
    stack.setStatus(phase == null ? null
        : new AppStackStatus(1L, phase, null, null, null, null, null, null));
    return stack;
  }

  Supplier<AppStack> server(AppStack stack) {
    return () -> {
      reads.incrementAndGet();
      return stack;
    };
  }

  boolean behind(AppStack cached, Supplier<AppStack> server) {
    return statusLeft.check(cached, server).waitForCache() != null;
  }

  @Test
  void theWaitsBackOffWhileTheCacheStaysBehindAndStartOverOnceItCaughtUp() {
    statusLeft.left(stack("u1", "Small"), stack("u1", "Small").getStatus(), stack("u1", "Medium").getStatus());
    List<Long> waits = new java.util.ArrayList<>();
    for (int i = 0; i < 8; i++) {
      waits.add(statusLeft.check(stack("u1", "Small"), server(stack("u1", "Medium"))).waitForCache().toMillis());
    }
    assertThat(waits).containsExactly(200L, 400L, 800L, 1_600L, 3_200L, 6_400L, 10_000L, 10_000L);
    assertThat(statusLeft.check(stack("u1", "Medium"), server(stack("u1", "Medium")))).isEqualTo(StatusLeft.Check.NOW);

    statusLeft.left(stack("u1", "Medium"), stack("u1", "Medium").getStatus(), stack("u1", "Large").getStatus());
    assertThat(statusLeft.check(stack("u1", "Medium"), server(stack("u1", "Large"))).waitForCache())
        .isEqualTo(java.time.Duration.ofMillis(200));
  }

  @Test
  void aStackNeverWrittenIsNotBehindAndNothingIsRead() {
    assertThat(behind(stack("u1", null), server(stack("u1", "Medium")))).isFalse();
    assertThat(reads).hasValue(0);
  }

  @Test
  void aCacheHoldingTheStatusLeftIsNotBehindAndNothingIsRead() {
    statusLeft.left(stack("u1", "Small"), stack("u1", "Small").getStatus(), stack("u1", "Medium").getStatus());
    assertThat(behind(stack("u1", "Medium"), server(stack("u1", "Large")))).isFalse();
    assertThat(reads).hasValue(0);
  }

  @Test
  void aCacheOlderThanTheWriteTheServerHoldsIsBehind() {
    statusLeft.left(stack("u1", "Small"), stack("u1", "Small").getStatus(), stack("u1", "Medium").getStatus());
    assertThat(behind(stack("u1", "Small"), server(stack("u1", "Medium")))).isTrue();
    assertThat(reads).hasValue(1);
  }

  @Test
  void aWriteThatFailedLeavesTheCacheRight() {
    statusLeft.left(stack("u1", "Small"), stack("u1", "Small").getStatus(), stack("u1", "Medium").getStatus());
    assertThat(statusLeft.check(stack("u1", "Small"), server(stack("u1", "Small")))).isEqualTo(StatusLeft.Check.NOW);
  }

  @Test
  void aStatusAnotherWriterPutThereIsNamedWithTheOneThisOperatorLeft() {
    statusLeft.left(stack("u1", "Small"), stack("u1", "Small").getStatus(), stack("u1", "Medium").getStatus());
    // The cache and the server agree on a status that is neither the one left nor the one it started from.
    StatusLeft.Check check = statusLeft.check(stack("u1", "Enterprise"), server(stack("u1", "Enterprise")));
    assertThat(check.waitForCache()).isNull();
    assertThat(check.overwritten()).isEqualTo(stack("u1", "Medium").getStatus());
  }

  @Test
  void foreignMemoryIsReplacedByTheOperatorsOwnAndNamedInTheEvent() {
    AppStack overwritten = stack("u1", "Enterprise");
    AppStackStatus own = stack("u1", "Small").getStatus();
    assertThat(ForeignStatus.restoreMemory(overwritten, own)).hasValueSatisfying(m -> assertThat(m)
        .contains("phase Small → Enterprise", "not acted on"));
    assertThat(overwritten.getStatus().phase()).isEqualTo("Small");
    // Conditions or counts alone are display: nothing to restore, no Event.
    assertThat(ForeignStatus.restoreMemory(stack("u1", "Small"), own)).isEmpty();
  }

  @Test
  void aStackDeletedOrRecreatedMeanwhileIsNotWaitedFor() {
    statusLeft.left(stack("u1", "Small"), stack("u1", "Small").getStatus(), stack("u1", "Medium").getStatus());
    assertThat(behind(stack("u1", "Small"), server(null))).isFalse();
    assertThat(behind(stack("u1", "Small"), server(stack("u2", "Large")))).isFalse();
  }

  @Test
  void forgottenStacksAreNotWaitedFor() {
    statusLeft.left(stack("u1", "Small"), stack("u1", "Small").getStatus(), stack("u1", "Medium").getStatus());
    statusLeft.retain(Set.of("u2"));
    assertThat(behind(stack("u1", "Small"), server(stack("u1", "Medium")))).isFalse();
    assertThat(reads).hasValue(0);
  }
}
