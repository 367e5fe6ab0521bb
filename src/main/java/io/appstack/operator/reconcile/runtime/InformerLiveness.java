package io.appstack.operator.reconcile.runtime;

import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.RegisteredController;
import io.javaoperatorsdk.operator.health.InformerHealthIndicator;
import io.javaoperatorsdk.operator.health.InformerWrappingEventSourceHealthIndicator;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;

/**
 * Liveness: down once one of the operator's informers has stopped for good. A stopped informer delivers no
 * event again, so every stack it feeds would never be reconciled while the process looked healthy; the kubelet
 * restarts the pod instead. (JOSDK already exits on a fatal error after the first sync; this also covers an
 * informer that stops any other way.) A watch that is reconnecting is not a stop: readiness reports that.
 */
@Liveness
@ApplicationScoped
public class InformerLiveness implements HealthCheck {
  public static final String NAME = "AppStack informers running";

  @Inject
  Operator operator;

  @Override
  public HealthCheckResponse call() {
    var runtime = operator.getRuntimeInfo();
    if (!runtime.isStarted()) {
      // Starting: a failed start stops the process by itself.
      return HealthCheckResponse.named(NAME).up().withData("started", false).build();
    }
    List<String> stopped = new ArrayList<>();
    for (RegisteredController<?> controller : runtime.getRegisteredControllers()) {
      stopped.addAll(stopped(controller.getConfiguration().getName(),
          controller.getControllerHealthInfo().informerEventSourceHealthIndicators()));
    }
    var response = HealthCheckResponse.named(NAME).status(stopped.isEmpty());
    return (stopped.isEmpty() ? response : response.withData("stopped", String.join(", ", stopped))).build();
  }

  /** The informers of {@code controller}'s event sources that are no longer running, as controller/source/namespace. */
  @SuppressWarnings({"rawtypes", "unchecked"}) // JOSDK's health API returns the raw type
  static List<String> stopped(String controller, Map<String, InformerWrappingEventSourceHealthIndicator> sources) {
    List<String> stopped = new ArrayList<>();
    sources.forEach((source, indicator) -> {
      Map<String, InformerHealthIndicator> informers = indicator.informerHealthIndicators();
      for (Map.Entry<String, InformerHealthIndicator> informer : informers.entrySet()) {
        if (!informer.getValue().isRunning()) {
          stopped.add(controller + "/" + source + "/" + informer.getKey());
        }
      }
    });
    return stopped;
  }
}
