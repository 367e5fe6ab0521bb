package io.appstack.operator.monitoring;

import io.appstack.operator.kube.MapResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.Version;

/** The Prometheus Operator's {@code PodMonitor} (monitoring.coreos.com/v1); {@link StackPodMonitor} writes its spec. */
@Group(StackPodMonitor.GROUP)
@Version(StackPodMonitor.VERSION)
@Kind("PodMonitor")
@Plural("podmonitors")
public class PodMonitor extends MapResource {
}
