package io.appstack.operator.api.data;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

/**
 * Redis: standalone, or a sharded cluster when the user asks for one. The shard rule sits on the type: on a record
 * component the CRD generator emits it twice (field and accessor), and the API server refuses a server-side
 * apply of a CRD whose rule list has a duplicate key.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "!has(self.shards) || !has(oldSelf.shards) || self.shards >= oldSelf.shards",
    message = "redis.shards cannot be lowered: removing shards loses data; create a new stack to shrink")
@ValidationRule(value = "!has(self.shards) || self.shards * (1 + (has(self.replicasPerShard) ? self.replicasPerShard : 1)) <= 300",
    message = "redis: shards × (1 + replicasPerShard) is more than 300 nodes; a Redis cluster that large is not what this operator runs")
public record RedisSpec(
    @JsonPropertyDescription("Topology: Auto (standalone; from Large an advisory recommends Cluster), Standalone, "
        + "or Cluster (the operator builds the cluster, copies every key and switches the apps once it serves; the "
        + "apps need a cluster-aware client, and BullMQ a hash-tagged queue prefix).")
    @Default("Auto")
    RedisMode mode,

    @JsonPropertyDescription("Number of shards in cluster mode (Large: 3, Enterprise: 6). Can only grow.")
    @Min(3) @Max(100)
    Integer shards,

    @JsonPropertyDescription("Replicas of each shard's master in cluster mode.")
    @Default("1") @Min(0) @Max(5)
    Integer replicasPerShard,

    @JsonPropertyDescription("Size of each Redis node's volume.")
    @Default("1Gi") @Pattern("^[0-9]+(\\.[0-9]+)?(Ki|Mi|Gi|Ti|k|M|G|T)?$") @Size(max = 32)
    String storage,

    @JsonPropertyDescription("Redis maxmemory per node, e.g. 256mb or 1gb.")
    @Default("256mb") @Pattern("^[0-9]+(b|kb|mb|gb)?$") @Size(max = 32)
    String maxmemory,

    @JsonPropertyDescription("Eviction policy when maxmemory is reached. noeviction (the default) refuses writes "
        + "instead of dropping keys: job queues (BullMQ) must never lose a queued job. Use an allkeys-* policy only "
        + "for a pure cache.")
    @Default("noeviction")
    @Pattern("^(noeviction|allkeys-lru|allkeys-lfu|allkeys-random|volatile-lru|volatile-lfu|volatile-random|volatile-ttl)$")
    String maxmemoryPolicy,

    @JsonPropertyDescription("Redis image.")
    @Default("redis:7.2") @Size(min = 1, max = 512)
    String image) {

  public RedisSpec {
    mode = mode == null ? RedisMode.Auto : mode;
    replicasPerShard = replicasPerShard == null ? 1 : replicasPerShard;
    storage = storage == null ? "1Gi" : storage;
    maxmemory = maxmemory == null ? "256mb" : maxmemory;
    maxmemoryPolicy = maxmemoryPolicy == null ? "noeviction" : maxmemoryPolicy;
    image = image == null ? "redis:7.2" : image;
  }
}
