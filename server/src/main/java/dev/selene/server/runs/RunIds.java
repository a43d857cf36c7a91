package dev.selene.server.runs;

import dev.selene.server.http.ApiException;
import java.util.UUID;

/**
 * Run ids in paths and query parameters, read exactly as ingestion stores them ({@link
 * dev.selene.server.ingest.RunIds}): a UUID as is, any other id (an SDK's {@code trace-…}, an OTel
 * span id, a caller's own name) as the reference's SHA-256 pseudo-UUID. So the id a caller tracked
 * a run with is the id it can read, score or delete it with.
 */
final class RunIds {
  private RunIds() {}

  static UUID parse(String field, String raw) {
    UUID id = dev.selene.server.ingest.RunIds.normalize(raw == null ? null : raw.trim());
    if (id == null) {
      throw ApiException.invalid(field, "a run id is required");
    }
    return id;
  }
}
