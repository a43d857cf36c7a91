package dev.selene.server.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * What one batch knows about one run: the fold of its events, merged into the stored row by {@link
 * UpsertRuns} with the same rules. Fields set by a start event are authoritative ({@code
 * hasStart}); fields from other events only fill what is still unknown, so the result does not
 * depend on arrival order.
 */
final class RunPatch {
  enum MetadataMode {
    MERGE,
    REPLACE,
    KEEP_EXISTING
  }

  final UUID projectId;
  final UUID id;
  boolean hasStart;
  Instant createdAt;
  Instant endedAt;
  String type;
  String name;
  String status;
  List<String> tags;
  JsonNode input;
  JsonNode output;
  JsonNode error;
  JsonNode params;
  ObjectNode metadata;
  MetadataMode metadataMode = MetadataMode.MERGE;
  ObjectNode feedback;
  boolean feedbackReplace;
  UUID parentRunId;
  Integer promptTokens;
  Integer completionTokens;
  Integer cachedPromptTokens;
  String userExternalId;
  Long externalUserId;
  Long templateVersionId;
  String runtime;
  Double cost;

  RunPatch(UUID projectId, UUID id) {
    this.projectId = projectId;
    this.id = id;
  }

  RunKey key() {
    return new RunKey(projectId, id);
  }

  void start(RunEvent e) {
    hasStart = true;
    type = e.type();
    name = firstNonNull(e.name(), name);
    createdAt = e.timestamp();
    raiseStatus("started");
    input = firstNonNull(e.input(), input);
    params = firstNonNull(e.params(), params);
    parentRunId = firstNonNull(e.parentRunId(), parentRunId);
    userExternalId = firstNonNull(e.userId(), userExternalId);
    templateVersionId = firstNonNull(e.templateVersionId(), templateVersionId);
    runtime = firstNonNull(e.runtime(), runtime);
    common(e);
  }

  void end(RunEvent e) {
    endedAt = e.timestamp();
    raiseStatus("success");
    output = firstNonNull(e.output(), output);
    input = firstNonNull(e.input(), input);
    promptTokens = firstNonNull(e.promptTokens(), promptTokens);
    completionTokens = firstNonNull(e.completionTokens(), completionTokens);
    cachedPromptTokens = firstNonNull(e.cachedPromptTokens(), cachedPromptTokens);
    fillUnknown(e);
    common(e);
  }

  void error(RunEvent e) {
    endedAt = e.timestamp();
    raiseStatus("error");
    error = e.error();
    fillUnknown(e);
    common(e);
  }

  void feedback(RunEvent e, ObjectNode incoming) {
    if (incoming == null) {
      return;
    }
    if (e.feedbackOverwrite() || feedback == null) {
      feedback = incoming.deepCopy();
      feedbackReplace = feedbackReplace || e.feedbackOverwrite();
    } else {
      feedback.setAll(incoming);
    }
  }

  /** {@code update}: metadata is replaced; other fields sent are applied. */
  void update(RunEvent e) {
    metadata = e.metadata() == null ? null : ((ObjectNode) e.metadata()).deepCopy();
    if (metadata == null) {
      metadata = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
    }
    metadataMode = MetadataMode.REPLACE;
    output = firstNonNull(e.output(), output);
    fillUnknown(e);
    tags = mergeTags(tags, e.tags());
  }

  private void common(RunEvent e) {
    tags = mergeTags(tags, e.tags());
    mergeMetadata(e.metadata());
  }

  /** Values a non-start event may supply when the start has not been seen. */
  private void fillUnknown(RunEvent e) {
    if (!hasStart) {
      type = firstNonNull(type, e.type());
      name = firstNonNull(name, e.name());
      parentRunId = firstNonNull(parentRunId, e.parentRunId());
      runtime = firstNonNull(runtime, e.runtime());
    }
    userExternalId = firstNonNull(userExternalId, e.userId());
  }

  void mergeMetadata(JsonNode incoming) {
    if (incoming == null) {
      return;
    }
    if (metadata == null) {
      metadata = ((ObjectNode) incoming).deepCopy();
    } else {
      metadata.setAll((ObjectNode) incoming);
    }
  }

  void raiseStatus(String candidate) {
    if (rank(candidate) > rank(status)) {
      status = candidate;
    }
  }

  private static int rank(String status) {
    if (status == null) {
      return 0;
    }
    return switch (status) {
      case "started" -> 1;
      case "success" -> 2;
      case "error" -> 3;
      default -> 0;
    };
  }

  static List<String> mergeTags(List<String> a, List<String> b) {
    if (b == null) {
      return a;
    }
    if (a == null) {
      return new ArrayList<>(b);
    }
    for (String t : b) {
      if (!a.contains(t)) {
        a.add(t);
      }
    }
    return a;
  }

  static <T> T firstNonNull(T a, T b) {
    return a != null ? a : b;
  }
}
