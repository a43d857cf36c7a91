package dev.selene.server.templates;

import java.util.Optional;
import java.util.UUID;

/** What other features (the playground) may ask about template versions. */
public interface TemplateVersions {
  /** A version of a template of {@code projectId}, drafts included. */
  Optional<TemplateVersion> find(UUID projectId, long versionId);
}
