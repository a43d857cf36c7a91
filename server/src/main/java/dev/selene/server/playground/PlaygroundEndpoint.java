package dev.selene.server.playground;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.UUID;

/** A custom endpoint of a project; {@code auth} is null when the endpoint needs none. */
record PlaygroundEndpoint(
    UUID id,
    UUID projectId,
    String name,
    String url,
    EndpointAuth auth,
    ObjectNode headers,
    ObjectNode defaultPayload,
    Instant createdAt,
    Instant updatedAt) {}
