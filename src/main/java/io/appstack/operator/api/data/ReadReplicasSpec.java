package io.appstack.operator.api.data;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;

/** Streaming hot standbys of a managed primary. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ReadReplicasSpec(
    @JsonPropertyDescription("Auto: from Large. Enabled or Disabled force it. Needs a managed primary.")
    @Default("Auto")
    Toggle mode,
    @JsonPropertyDescription("Number of replicas; defaults to the phase's (Large and Enterprise: 2).")
    @Min(1) @Max(MAX_COUNT)
    Integer count,
    @JsonPropertyDescription("Size of each replica's volume; defaults to the primary's.")
    @Pattern("^[0-9]+(\\.[0-9]+)?(Ki|Mi|Gi|Ti|k|M|G|T)?$") @Size(max = 32)
    String storage) {

  /** The most read replicas a stack may have; the primary's WAL senders are sized for it. */
  public static final int MAX_COUNT = 15;
  public static final ReadReplicasSpec DEFAULTS = new ReadReplicasSpec(null, null, null);

  public ReadReplicasSpec {
    mode = mode == null ? Toggle.Auto : mode;
  }
}
