package io.appstack.operator.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The API server's audit log (written before each response, one JSON event a line): who did what to which
 * object. Tests count an operator's requests by its user agent from a {@link #mark()} on.
 */
public final class AuditLog {
  static final ObjectMapper JSON = new ObjectMapper();
  public static final Set<String> WRITES = Set.of("create", "update", "patch", "delete", "deletecollection");

  private final Path file;

  AuditLog(Path file) {
    this.file = file;
  }

  /** One answered request. {@code subresource} is empty for the object itself. */
  public record Entry(String verb, String user, String userAgent, String resource, String subresource,
      String namespace, String name, int code) {
    public boolean isWrite() {
      return WRITES.contains(verb);
    }

    @Override
    public String toString() {
      return verb + " " + resource + (subresource.isEmpty() ? "" : "/" + subresource) + " " + namespace + "/"
          + name + " → " + code + " (" + userAgent + ")";
    }
  }

  /** Where the log ends now: {@link #since} reads what came after. */
  public long mark() {
    try {
      return Files.exists(file) ? Files.size(file) : 0;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public List<Entry> since(long mark) {
    return since(mark, e -> true);
  }

  public List<Entry> since(long mark, Predicate<Entry> filter) {
    List<Entry> entries = new ArrayList<>();
    try (var channel = Files.newByteChannel(file)) {
      channel.position(mark);
      String text = new String(java.nio.channels.Channels.newInputStream(channel).readAllBytes(),
          java.nio.charset.StandardCharsets.UTF_8);
      for (String line : text.split("\n")) {
        if (line.isBlank() || !line.endsWith("}")) {
          continue;
        }
        Entry entry = parse(JSON.readTree(line));
        if (filter.test(entry)) {
          entries.add(entry);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return entries;
  }

  /** The writes {@code userAgent} made since {@code mark} (the user agent's prefix, as clients append a version). */
  public List<Entry> writesBy(String userAgent, long mark) {
    return since(mark, e -> e.isWrite() && e.userAgent().startsWith(userAgent));
  }

  static Entry parse(JsonNode event) {
    JsonNode ref = event.path("objectRef");
    return new Entry(event.path("verb").asText(), event.path("user").path("username").asText(),
        event.path("userAgent").asText(), ref.path("resource").asText(), ref.path("subresource").asText(),
        ref.path("namespace").asText(), ref.path("name").asText(), event.path("responseStatus").path("code").asInt());
  }
}
