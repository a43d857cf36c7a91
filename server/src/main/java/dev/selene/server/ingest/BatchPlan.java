package dev.selene.server.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The in-memory fold of a batch: events of the same run are merged into one {@link RunPatch},
 * external users into one upsert each, chat messages collected for their threads. Events are
 * applied in timestamp order, so a batch means the same whatever order its requests arrived in.
 */
final class BatchPlan {
  record UserKey(UUID projectId, String externalId) {}

  static final class UserPatch {
    Instant lastSeen;
    JsonNode props;
    Long id;
  }

  record ChatMessage(
      UUID projectId,
      UUID threadId,
      UUID messageId,
      String role,
      Instant createdAt,
      ObjectNode message,
      ObjectNode feedback,
      String userExternalId) {}

  final Map<RunKey, RunPatch> runs = new LinkedHashMap<>();
  final Map<UserKey, UserPatch> users = new LinkedHashMap<>();
  final List<ChatMessage> chatMessages = new ArrayList<>();

  static BatchPlan of(List<RunEvent> events) {
    BatchPlan plan = new BatchPlan();
    List<RunEvent> ordered = new ArrayList<>(events);
    ordered.sort(Comparator.comparing(RunEvent::timestamp));
    for (RunEvent e : ordered) {
      plan.apply(e);
    }
    return plan;
  }

  private void apply(RunEvent e) {
    user(e);
    if ("log".equals(e.type())) {
      log(e);
      return;
    }
    switch (e.event()) {
      case "start" -> run(e).start(e);
      case "end" -> run(e).end(e);
      case "error" -> run(e).error(e);
      case "feedback" -> {
        if (e.feedback() != null) {
          run(e).feedback(e, (ObjectNode) e.feedback());
        }
      }
      case "update" -> run(e).update(e);
      case "content" -> run(e).content(e);
      case "chat" -> chat(e);
      case "custom-event" -> customEvent(e);
      default -> {
        // Other events (stream, info…) carry nothing to store, as in the reference.
      }
    }
  }

  private RunPatch run(RunEvent e) {
    return runs.computeIfAbsent(
        new RunKey(e.projectId(), e.runId()), k -> new RunPatch(k.projectId(), k.id()));
  }

  private RunPatch run(UUID projectId, UUID id) {
    return runs.computeIfAbsent(new RunKey(projectId, id), k -> new RunPatch(projectId, id));
  }

  private void user(RunEvent e) {
    if (e.userId() == null) {
      return;
    }
    UserPatch u =
        users.computeIfAbsent(new UserKey(e.projectId(), e.userId()), k -> new UserPatch());
    if (u.lastSeen == null || e.timestamp().isAfter(u.lastSeen)) {
      u.lastSeen = e.timestamp();
    }
    if (e.userProps() != null) {
      u.props = e.userProps();
    }
  }

  /** The thread a chat message or custom event belongs to is opened implicitly. */
  private void thread(RunEvent e) {
    RunPatch thread = run(e.projectId(), e.parentRunId());
    if (thread.createdAt == null || e.timestamp().isBefore(thread.createdAt)) {
      thread.createdAt = e.timestamp();
    }
    thread.type = "thread";
    thread.tags = RunPatch.mergeTags(thread.tags, e.threadTags());
    thread.userExternalId = RunPatch.firstNonNull(e.userId(), thread.userExternalId);
    if (e.threadMetadata() != null) {
      thread.mergeMetadata(e.threadMetadata());
      thread.metadataMode = RunPatch.MetadataMode.KEEP_EXISTING;
    }
  }

  private void chat(RunEvent e) {
    thread(e);
    ObjectNode message = ((ObjectNode) e.message()).deepCopy();
    chatMessages.add(
        new ChatMessage(
            e.projectId(),
            e.parentRunId(),
            e.runId(),
            message.path("role").asText(),
            e.timestamp(),
            message,
            e.feedback() instanceof ObjectNode f ? f : null,
            e.userId()));
  }

  private void customEvent(RunEvent e) {
    if (e.parentRunId() != null) {
      thread(e);
    }
    RunPatch p = run(e);
    p.hasStart = true;
    p.type = "custom-event";
    p.name = e.name();
    p.createdAt = e.timestamp();
    p.endedAt = e.timestamp();
    p.parentRunId = e.parentRunId();
    p.userExternalId = e.userId();
    p.mergeMetadata(e.metadata());
    p.input = e.input();
  }

  /**
   * Log events ({@code info}, {@code warn}, {@code error}) become runs of type {@code log} under
   * their parent; the reference rejects all of them.
   */
  private void log(RunEvent e) {
    RunPatch p = run(e);
    p.hasStart = true;
    p.type = "log";
    p.name = e.event();
    p.createdAt = e.timestamp();
    p.endedAt = e.timestamp();
    p.status = "error".equals(e.event()) ? "error" : "success";
    p.parentRunId = e.parentRunId();
    p.userExternalId = e.userId();
    JsonNode message = e.message();
    p.input = message != null ? message : JsonNodeFactory.instance.nullNode();
    p.params = e.params();
    p.mergeMetadata(e.metadata());
    p.runtime = e.runtime();
  }
}
