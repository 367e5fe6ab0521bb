package io.appstack.operator.api.status;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/** Status of every component, by kind; worker pools in spec order. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ComponentsStatus(
    ComponentStatus api,
    List<ComponentStatus> workers,
    ComponentStatus redis,
    ComponentStatus pgbouncer,
    ComponentStatus readReplicas,
    ComponentStatus database) {

  public ComponentsStatus {
    workers = workers == null ? List.of() : List.copyOf(workers);
  }
}
