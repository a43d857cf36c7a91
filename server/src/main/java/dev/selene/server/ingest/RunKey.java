package dev.selene.server.ingest;

import java.util.UUID;

/** A run is identified by its project and id. */
record RunKey(UUID projectId, UUID id) {}
