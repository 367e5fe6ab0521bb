package io.appstack.operator.datatier;

import org.eclipse.microprofile.config.ConfigProvider;

/**
 * The image the Redis move Jobs run: the operator's own (its fast-jar holds the move's code and the Redis client),
 * set by the chart ({@code appstack.redis.move-image}); a stack's namespace must be able to pull it.
 */
public final class MoveImage {
  public static final String PROPERTY = "appstack.redis.move-image";
  public static final String DEFAULT = "appstack/appstack-operator:0.1.0";
  /** The image's user (UBI OpenJDK runtime). */
  public static final long UID = 185;
  /** The application and its libraries in the image's fast-jar layout (the Dockerfile), without Quarkus's launcher. */
  public static final String CLASSPATH = "/deployments/app/*:/deployments/lib/main/*";

  private MoveImage() {}

  public static String get() {
    try {
      return ConfigProvider.getConfig().getOptionalValue(PROPERTY, String.class).orElse(DEFAULT);
    } catch (IllegalStateException e) {
      return DEFAULT; // no configuration outside Quarkus (plain-JOSDK tests)
    }
  }
}
