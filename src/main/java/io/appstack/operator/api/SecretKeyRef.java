package io.appstack.operator.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

/** A key in a Secret of the AppStack's namespace. */
public record SecretKeyRef(
    @JsonPropertyDescription("Name of the Secret.")
    @Required @Size(min = 1, max = 253) @Pattern("^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$")
    String name,
    @JsonPropertyDescription("Key inside the Secret.")
    @Required @Size(min = 1, max = 253)
    String key) {
}
