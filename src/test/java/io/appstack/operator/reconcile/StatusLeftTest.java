package io.appstack.operator.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import io.appstack.operator.api.ApiSpec;
import io.appstack.operator.api.AppStack;
import io.appstack.operator.api.AppStackSpec;
import io.appstack.operator.api.AppStackStatus;
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

  @Test
  void aStackNeverWrittenIsNotBehindAndNothingIsRead() {
    assertThat(statusLeft.cacheIsBehind(stack("u1", null), server(stack("u1", "Medium")))).isFalse();
    assertThat(reads).hasValue(0);
  }

  @Test
  void aCacheHoldingTheStatusLeftIsNotBehindAndNothingIsRead() {
    statusLeft.left(stack("u1", "Small"), stack("u1", "Medium").getStatus());
    assertThat(statusLeft.cacheIsBehind(stack("u1", "Medium"), server(stack("u1", "Large")))).isFalse();
    assertThat(reads).hasValue(0);
  }

  @Test
  void aCacheOlderThanTheWriteTheServerHoldsIsBehind() {
    statusLeft.left(stack("u1", "Small"), stack("u1", "Medium").getStatus());
    assertThat(statusLeft.cacheIsBehind(stack("u1", "Small"), server(stack("u1", "Medium")))).isTrue();
    assertThat(reads).hasValue(1);
  }

  @Test
  void aWriteThatFailedLeavesTheCacheRight() {
    statusLeft.left(stack("u1", "Small"), stack("u1", "Medium").getStatus());
    assertThat(statusLeft.cacheIsBehind(stack("u1", "Small"), server(stack("u1", "Small")))).isFalse();
  }

  @Test
  void aStackDeletedOrRecreatedMeanwhileIsNotWaitedFor() {
    statusLeft.left(stack("u1", "Small"), stack("u1", "Medium").getStatus());
    assertThat(statusLeft.cacheIsBehind(stack("u1", "Small"), server(null))).isFalse();
    assertThat(statusLeft.cacheIsBehind(stack("u1", "Small"), server(stack("u2", "Large")))).isFalse();
  }

  @Test
  void forgottenStacksAreNotWaitedFor() {
    statusLeft.left(stack("u1", "Small"), stack("u1", "Medium").getStatus());
    statusLeft.retain(Set.of("u2"));
    assertThat(statusLeft.cacheIsBehind(stack("u1", "Small"), server(stack("u1", "Medium")))).isFalse();
    assertThat(reads).hasValue(0);
  }
}
