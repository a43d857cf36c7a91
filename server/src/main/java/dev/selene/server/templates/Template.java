package dev.selene.server.templates;

import java.time.Instant;
import java.util.UUID;

/** A prompt template: a slug and a mode ({@code text} or {@code openai}) in one project. */
record Template(
    long id, Instant createdAt, UUID projectId, String slug, String mode, UUID ownerId) {}
