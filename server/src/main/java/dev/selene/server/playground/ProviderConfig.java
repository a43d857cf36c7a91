package dev.selene.server.playground;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A project's own credentials for a provider. {@code apiKey} is the clear key (null when none or
 * unreadable); {@code extraConfig} holds {@code baseUrl}, Azure's {@code resourceName}, {@code
 * deploymentId} and {@code apiVersion}; {@code models} are custom model names routed to it.
 */
record ProviderConfig(
    UUID id,
    UUID projectId,
    Provider provider,
    String apiKey,
    boolean hasStoredKey,
    ObjectNode extraConfig,
    List<String> models,
    Instant createdAt,
    Instant updatedAt) {

  String extra(String field) {
    return extraConfig != null && extraConfig.path(field).isTextual()
        ? extraConfig.get(field).asText()
        : null;
  }
}
