package io.appstack.operator.datatier;

import io.appstack.operator.api.AppStackSpec;
import io.appstack.operator.kube.SpecProblem;
import io.fabric8.kubernetes.api.model.Quantity;
import java.math.BigDecimal;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Figures of the data tier the schema can only shape, not bound: a {@code maxmemory} Redis can hold (0 would mean
 * no limit at all), volumes of some size. Refused here, before anything is written.
 */
public final class DataTierLimits {
  public static final long MIN_MAXMEMORY = 1L << 20;
  public static final long MAX_MAXMEMORY = 1L << 40;
  private static final Pattern REDIS_SIZE = Pattern.compile("([0-9]{1,16})(b|kb|mb|gb)?");

  private DataTierLimits() {}

  public static void check(AppStackSpec spec, List<SpecProblem> problems) {
    if (spec.redis() != null) {
      Long bytes = redisBytes(spec.redis().maxmemory());
      if (bytes == null || bytes < MIN_MAXMEMORY || bytes > MAX_MAXMEMORY) {
        problems.add(new SpecProblem("spec.redis.maxmemory", "'" + spec.redis().maxmemory() + "' is outside 1mb–1024gb "
            + "(0 would let Redis use all the memory it can get)"));
      }
      positive(problems, "spec.redis.storage", spec.redis().storage());
    }
    if (spec.database() != null) {
      if (spec.database().primary().managed() != null) {
        positive(problems, "spec.database.primary.managed.storage", spec.database().primary().managed().storage());
      }
      var cnpg = spec.database().primary().cloudNativePG();
      if (cnpg != null) {
        positive(problems, "spec.database.primary.cloudNativePG.storage", cnpg.storage());
        positive(problems, "spec.database.primary.cloudNativePG.cpu", cnpg.cpu(), "is no CPU at all");
        positive(problems, "spec.database.primary.cloudNativePG.memory", cnpg.memory(),
            "is no memory: every instance would be killed at start");
      }
      positive(problems, "spec.database.readReplicas.storage", spec.database().readReplicas().storage());
    }
  }

  /** Bytes of a Redis size ({@code 256mb}, {@code 1gb}, {@code 1048576}); null if it is not one. */
  public static Long redisBytes(String text) {
    Matcher m = text == null ? null : REDIS_SIZE.matcher(text.toLowerCase(Locale.ROOT));
    if (m == null || !m.matches()) {
      return null;
    }
    long unit = switch (m.group(2) == null ? "b" : m.group(2)) {
      case "kb" -> 1L << 10;
      case "mb" -> 1L << 20;
      case "gb" -> 1L << 30;
      default -> 1L;
    };
    long n = Long.parseLong(m.group(1));
    return n > Long.MAX_VALUE / unit ? null : n * unit;
  }

  private static void positive(List<SpecProblem> problems, String field, String storage) {
    positive(problems, field, storage, "is no room for data");
  }

  private static void positive(List<SpecProblem> problems, String field, String storage, String zero) {
    if (storage == null) {
      return;
    }
    try {
      if (Quantity.getAmountInBytes(new Quantity(storage)).compareTo(BigDecimal.ZERO) <= 0) {
        problems.add(new SpecProblem(field, "'" + storage + "' " + zero));
      }
    } catch (IllegalArgumentException e) {
      problems.add(new SpecProblem(field, "'" + storage + "' is not a quantity"));
    }
  }
}
