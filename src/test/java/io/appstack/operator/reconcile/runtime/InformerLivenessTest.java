package io.appstack.operator.reconcile.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.javaoperatorsdk.operator.health.InformerHealthIndicator;
import io.javaoperatorsdk.operator.health.InformerWrappingEventSourceHealthIndicator;
import io.javaoperatorsdk.operator.health.Status;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which informers count as stopped for liveness: only those no longer running, not those reconnecting a watch. */
class InformerLivenessTest {

  record Informer(boolean isRunning, boolean isWatching, boolean hasSynced) implements InformerHealthIndicator {
    @Override
    public Status getStatus() {
      return isRunning && isWatching && hasSynced ? Status.HEALTHY : Status.UNHEALTHY;
    }

    @Override
    public String getTargetNamespace() {
      return null;
    }
  }

  @SuppressWarnings("rawtypes")
  static InformerWrappingEventSourceHealthIndicator source(Map<String, InformerHealthIndicator> informers) {
    return () -> informers;
  }

  @Test
  @SuppressWarnings("rawtypes")
  void onlyAnInformerThatStoppedCountsAReconnectingOneDoesNot() {
    Map<String, InformerWrappingEventSourceHealthIndicator> sources = new LinkedHashMap<>();
    sources.put("appstacks", source(Map.of("team-a", new Informer(true, true, true),
        "team-b", new Informer(false, false, true))));
    sources.put("deployments", source(Map.of("team-a", new Informer(true, false, true))));
    sources.put("secrets", source(Map.of("team-a", new Informer(true, true, false))));

    assertThat(InformerLiveness.stopped("appstack", sources)).containsExactly("appstack/appstacks/team-b");
    sources.remove("appstacks");
    assertThat(InformerLiveness.stopped("appstack", sources)).as("reconnecting or still syncing: alive").isEmpty();
  }
}
