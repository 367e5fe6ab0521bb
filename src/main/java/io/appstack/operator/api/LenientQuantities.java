package io.appstack.operator.api;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.Module;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.module.SimpleModule;
import io.fabric8.kubernetes.api.model.Quantity;
import java.io.IOException;
import java.util.Optional;

/**
 * Reads every quantity the API server stored, even one fabric8 cannot parse ({@code ""}, say, which a
 * {@code | quote} of an unset Helm value produces and an int-or-string schema accepts). fabric8's own reader
 * throws, and one object that cannot be read fails the whole list or watch of its informer: the operator then
 * stops for every namespace. Read leniently, the raw text is kept and the spec validator reports the field on
 * that one stack ({@link #problem}).
 */
public final class LenientQuantities {
  private LenientQuantities() {}

  /**
   * The Jackson module the operator's Kubernetes client reads with. A mix-in, because {@link Quantity} names
   * its own deserializer with an annotation, which wins over a module's plain deserializer.
   */
  public static Module module() {
    SimpleModule module = new SimpleModule("appstack-lenient-quantities");
    module.setMixInAnnotation(Quantity.class, LenientMixIn.class);
    return module;
  }

  @JsonDeserialize(using = Reader.class)
  abstract static class LenientMixIn {
  }

  /** fabric8's reading, and the raw text when that fails. */
  static final class Reader extends JsonDeserializer<Quantity> {
    @Override
    public Quantity deserialize(JsonParser parser, DeserializationContext context) throws IOException {
      JsonNode node = parser.readValueAsTree();
      String text = node.isTextual() ? node.textValue() : node.toString();
      try {
        return new Quantity(text);
      } catch (RuntimeException unparseable) {
        return new Quantity(text, "");
      }
    }
  }

  /** Why {@code quantity} is not one Kubernetes and the operator can use, if it is not. */
  public static Optional<String> problem(Quantity quantity) {
    String text = quantity == null ? "" : quantity.toString();
    try {
      Quantity.getAmountInBytes(new Quantity(text));
      return Optional.empty();
    } catch (RuntimeException e) {
      return Optional.of("'" + text + "' is not a quantity (write one like 250m, 0.5, 512Mi or 1Gi)");
    }
  }
}
