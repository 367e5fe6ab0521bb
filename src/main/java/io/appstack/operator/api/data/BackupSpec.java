package io.appstack.operator.api.data;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

/**
 * Backups of a CloudNativePG primary to an object store: WAL archiving and base backups on a schedule, passed
 * through to the Cluster's {@code backup.barmanObjectStore} and a {@code ScheduledBackup}.
 */
public record BackupSpec(
    @JsonPropertyDescription("When base backups run: a six-field cron expression, seconds first (CloudNativePG's "
        + "format), e.g. '0 0 3 * * *' for 03:00 every day.")
    @Default("0 0 3 * * *") @Size(max = 128) @Pattern("^[0-9A-Za-z*/,?-]+( [0-9A-Za-z*/,?-]+){5}$")
    String schedule,
    @JsonPropertyDescription("How long backups and WAL are kept: a number and d, w or m (days, weeks, months).")
    @Default("30d") @Size(max = 16) @Pattern("^[1-9][0-9]*[dwm]$")
    String retention,
    @JsonPropertyDescription("Where backups go (S3 or S3-compatible).")
    @Required
    ObjectStoreSpec objectStore) {

  public BackupSpec {
    schedule = schedule == null ? "0 0 3 * * *" : schedule;
    retention = retention == null ? "30d" : retention;
  }

  /** An S3 (or S3-compatible) bucket path and the credentials to write to it. */
  public record ObjectStoreSpec(
      @JsonPropertyDescription("Bucket and path, e.g. s3://backups/shop.")
      @Required @Size(min = 6, max = 1024) @Pattern("^s3://[a-z0-9][a-z0-9.-]*[a-z0-9](/[A-Za-z0-9._~/-]*)?$")
      String destinationPath,
      @JsonPropertyDescription("Endpoint of an S3-compatible store (MinIO, Ceph); AWS if unset.")
      @Size(max = 1024) @Pattern("^https?://[A-Za-z0-9.-]+(:[0-9]{1,5})?(/[A-Za-z0-9._~/-]*)?$")
      String endpointURL,
      @JsonPropertyDescription("Secret in the stack's namespace holding the access key pair.")
      @Required
      S3Credentials s3Credentials) {
  }

  /** The Secret and keys of an S3 access key pair. */
  public record S3Credentials(
      @JsonPropertyDescription("Secret name.")
      @Required @Size(min = 1, max = 253) @Pattern("^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$")
      String secretName,
      @JsonPropertyDescription("Key of the access key id.")
      @Default("ACCESS_KEY_ID") @Size(min = 1, max = 253) @Pattern("^[-._a-zA-Z0-9]+$")
      String accessKeyIdKey,
      @JsonPropertyDescription("Key of the secret access key.")
      @Default("ACCESS_SECRET_KEY") @Size(min = 1, max = 253) @Pattern("^[-._a-zA-Z0-9]+$")
      String secretAccessKeyKey) {

    public S3Credentials {
      accessKeyIdKey = accessKeyIdKey == null ? "ACCESS_KEY_ID" : accessKeyIdKey;
      secretAccessKeyKey = secretAccessKeyKey == null ? "ACCESS_SECRET_KEY" : secretAccessKeyKey;
    }
  }
}
