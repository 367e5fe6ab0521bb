package io.appstack.operator.api;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Where a worker pool's queue depth comes from: a preset of queries, so that most apps need no metrics code. */
public enum QueueBackend {
  /** BullMQ's built-in Prometheus export ({@code bullmq_job_count{queue,state}}), scraped from the app's pods. */
  @JsonProperty("bullmq") BULLMQ,
  /** A plain Redis list; the exporter the operator runs beside the managed Redis reports its length. */
  @JsonProperty("redisList") REDIS_LIST,
  /** The app exports {@code appstack_queue_depth} and {@code appstack_queue_oldest_job_age_seconds}, or the pool's queries say. */
  @JsonProperty("custom") CUSTOM
}
