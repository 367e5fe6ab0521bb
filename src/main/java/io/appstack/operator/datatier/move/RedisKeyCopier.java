package io.appstack.operator.datatier.move;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisCluster;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.Response;
import redis.clients.jedis.commands.JedisBinaryCommands;
import redis.clients.jedis.params.RestoreParams;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;

/**
 * Copies keys from a standalone Redis into a Redis Cluster as they are now (DUMP and PTTL there, RESTORE
 * REPLACE here; a key gone there is deleted here), and compares them. Keys are bytes, never decoded.
 */
public final class RedisKeyCopier {
  private static final int BATCH = 500;
  private final Jedis source;
  private final JedisCluster target;

  RedisKeyCopier(Jedis source, JedisCluster target) {
    this.source = source;
    this.target = target;
  }

  /** Copies every key of the source (a SCAN: a key changed meanwhile may be copied before its change). */
  long copyAll() {
    long[] copied = {0};
    scan(source, batch -> copied[0] += copy(batch));
    return copied[0];
  }

  /** Copies {@code keys} as the source holds them now; returns how many. */
  long copy(Collection<ByteBuffer> keys) {
    List<byte[]> all = keys.stream().map(RedisKeyCopier::bytes).toList();
    for (int from = 0; from < all.size(); from += BATCH) {
      List<byte[]> batch = all.subList(from, Math.min(all.size(), from + BATCH));
      Pipeline pipeline = source.pipelined();
      List<Response<byte[]>> dumps = new ArrayList<>();
      List<Response<Long>> ttls = new ArrayList<>();
      for (byte[] key : batch) {
        dumps.add(pipeline.dump(key));
        ttls.add(pipeline.pttl(key));
      }
      pipeline.sync();
      for (int i = 0; i < batch.size(); i++) {
        byte[] dump = dumps.get(i).get();
        long ttl = ttls.get(i).get();
        if (dump == null || ttl == -2) {
          target.del(batch.get(i));
        } else {
          // RESTORE takes 0 as "no expiry": a key about to expire keeps one millisecond.
          long restoreTtl = ttl == -1 ? 0 : Math.max(1, ttl);
          target.restore(batch.get(i), restoreTtl, dump, RestoreParams.restoreParams().replace());
        }
      }
    }
    return all.size();
  }

  /** Whether the key holds the same value on both sides (same DUMP, or the same content in another encoding). */
  boolean same(ByteBuffer key) {
    byte[] k = bytes(key);
    byte[] left = source.dump(k);
    byte[] right = target.dump(k);
    if (left == null || right == null) {
      return left == null && right == null;
    }
    return Arrays.equals(left, right) || content(source, k).equals(content(target, k));
  }

  /** A key's type and content in a comparable form: hashes and sets sorted, lists and sorted sets in order. */
  static String content(JedisBinaryCommands redis, byte[] key) {
    String type = redis.type(key);
    Object value = switch (type) {
      case "string" -> redis.get(key);
      case "list" -> redis.lrange(key, 0, -1);
      case "hash" -> redis.hgetAll(key).entrySet().stream().map(e -> text(e.getKey()) + "=" + text(e.getValue()))
          .sorted().toList();
      case "set" -> redis.smembers(key).stream().map(RedisKeyCopier::text).sorted().toList();
      case "zset" -> redis.zrangeWithScores(key, 0, -1).stream()
          .map(t -> text(t.getBinaryElement()) + "@" + t.getScore()).toList();
      case "stream" -> redis.xrange(key, "-".getBytes(StandardCharsets.US_ASCII),
          "+".getBytes(StandardCharsets.US_ASCII));
      default -> type;
    };
    return type + ":" + text(value);
  }

  /** Byte arrays (also nested in lists and maps) as hex, so that equal content gives equal text. */
  private static String text(Object value) {
    if (value instanceof byte[] bytes) {
      return HexFormat.of().formatHex(bytes);
    }
    if (value instanceof List<?> list) {
      return list.stream().map(RedisKeyCopier::text).toList().toString();
    }
    if (value instanceof Map<?, ?> map) {
      return map.entrySet().stream().map(e -> text(e.getKey()) + "=" + text(e.getValue())).sorted().toList()
          .toString();
    }
    return Objects.toString(value);
  }

  /** Every key of {@code redis}, in batches. */
  static void scan(Jedis redis, Consumer<List<ByteBuffer>> batches) {
    ScanParams params = new ScanParams().count(1000);
    byte[] cursor = ScanParams.SCAN_POINTER_START_BINARY;
    do {
      ScanResult<byte[]> page = redis.scan(cursor, params);
      List<ByteBuffer> keys = page.getResult().stream().map(ByteBuffer::wrap).toList();
      if (!keys.isEmpty()) {
        batches.accept(keys);
      }
      cursor = page.getCursorAsBytes();
    } while (!Arrays.equals(cursor, ScanParams.SCAN_POINTER_START_BINARY));
  }

  static byte[] bytes(ByteBuffer key) {
    byte[] bytes = new byte[key.remaining()];
    key.duplicate().get(bytes);
    return bytes;
  }

  /** A key as it may appear in a log line: printable ASCII as is, anything else escaped. */
  static String printable(ByteBuffer key) {
    StringBuilder out = new StringBuilder();
    for (byte b : bytes(key)) {
      out.append(b >= 0x20 && b < 0x7f && b != '\\' ? String.valueOf((char) b) : String.format("\\x%02x", b & 0xff));
    }
    return out.toString();
  }
}
