package io.appstack.operator.kube;

import io.appstack.operator.api.AppStack;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Clock;
import java.time.format.DateTimeFormatter;
import org.jboss.logging.Logger;

/** Kubernetes Events on the AppStack, shown by {@code kubectl describe astack}. */
public final class EventRecorder {
  public static final String SOURCE = "appstack-operator";
  private static final Logger LOG = Logger.getLogger(EventRecorder.class);

  private final KubernetesClient client;
  private final Clock clock;

  public EventRecorder(KubernetesClient client, Clock clock) {
    this.client = client;
    this.clock = clock;
  }

  public void normal(AppStack stack, String reason, String message) {
    record(stack, "Normal", reason, message);
  }

  public void warning(AppStack stack, String reason, String message) {
    record(stack, "Warning", reason, message);
  }

  private void record(AppStack stack, String type, String reason, String message) {
    String now = DateTimeFormatter.ISO_INSTANT.format(clock.instant().truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
    var event = new EventBuilder()
        .withNewMetadata()
          .withGenerateName(stack.getMetadata().getName() + ".")
          .withNamespace(stack.getMetadata().getNamespace())
        .endMetadata()
        .withInvolvedObject(new ObjectReferenceBuilder()
            .withApiVersion(stack.getApiVersion())
            .withKind(stack.getKind())
            .withName(stack.getMetadata().getName())
            .withNamespace(stack.getMetadata().getNamespace())
            .withUid(stack.getMetadata().getUid())
            .build())
        .withType(type)
        .withReason(reason)
        .withMessage(message)
        .withCount(1)
        .withFirstTimestamp(now)
        .withLastTimestamp(now)
        .withNewSource().withComponent(SOURCE).endSource()
        .withReportingComponent(SOURCE)
        .build();
    try {
      client.v1().events().inNamespace(stack.getMetadata().getNamespace()).resource(event).create();
    } catch (KubernetesClientException e) {
      // An Event is a courtesy: losing one must not fail the reconciliation.
      LOG.warnf("could not record event %s on %s/%s: %s", reason, stack.getMetadata().getNamespace(),
          stack.getMetadata().getName(), e.getMessage());
    }
  }
}
