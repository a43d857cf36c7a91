package dev.selene.server.auth;

import java.util.UUID;

/**
 * Who is calling. {@code projectId} is null for org keys and for sessions that named no project;
 * {@code accountId} is set only for dashboard sessions.
 */
public record Principal(KeyKind kind, UUID orgId, UUID projectId, UUID accountId) {}
