package dev.selene.server.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.selene.server.ingest.BatchPlan.ChatMessage;
import dev.selene.server.ingest.ChatExchanges.Exchange;
import dev.selene.server.ingest.ChatExchanges.Message;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Stores thread messages and re-derives the chat runs of every thread they touched. Because chat
 * runs are computed from all stored messages rather than patched incrementally, a resent message
 * changes nothing and messages may arrive in any order.
 */
final class ChatThreads {
  private static final String INSERT_MESSAGES =
      """
      insert into chat_message as m (project_id, thread_id, message_id, role, created_at, message,
        feedback, external_user_id)
      select v.project_id, v.thread_id, v.message_id, v.role, v.created_at::timestamptz,
        v.message::jsonb, v.feedback::jsonb, v.external_user_id
      from unnest(?::uuid[], ?::uuid[], ?::uuid[], ?::text[], ?::text[], ?::text[], ?::text[], ?::int8[])
        as v(project_id, thread_id, message_id, role, created_at, message, feedback, external_user_id)
      on conflict (project_id, thread_id, message_id, role) do update set
        created_at = excluded.created_at,
        message = excluded.message,
        feedback = coalesce(excluded.feedback, m.feedback),
        external_user_id = coalesce(excluded.external_user_id, m.external_user_id)
      """;

  private static final String LOAD_MESSAGES =
      """
      select thread_id, message_id, role, created_at, message, feedback, external_user_id
      from chat_message where project_id = ? and thread_id = any(?)
      """;

  private static final String LOAD_EXISTING =
      """
      select id, type, feedback from run
      where project_id = ? and (id = any(?) or (parent_run_id = any(?) and type = 'chat'))
      """;

  private final ObjectMapper json;
  private final UpsertRuns upsertRuns;

  ChatThreads(ObjectMapper json, UpsertRuns upsertRuns) {
    this.json = json;
    this.upsertRuns = upsertRuns;
  }

  void run(Connection c, List<ChatMessage> messages, Map<BatchPlan.UserKey, Long> userIds)
      throws SQLException {
    if (messages.isEmpty()) {
      return;
    }
    insert(c, messages, userIds);
    Map<UUID, Set<UUID>> threadsByProject = new LinkedHashMap<>();
    for (ChatMessage m : messages) {
      threadsByProject.computeIfAbsent(m.projectId(), p -> new HashSet<>()).add(m.threadId());
    }
    for (var entry : threadsByProject.entrySet()) {
      rebuild(c, entry.getKey(), entry.getValue());
    }
  }

  private void insert(Connection c, List<ChatMessage> rows, Map<BatchPlan.UserKey, Long> userIds)
      throws SQLException {
    SqlArrays a = new SqlArrays(c);
    try (PreparedStatement ps = c.prepareStatement(INSERT_MESSAGES)) {
      ps.setArray(1, a.uuids(rows, ChatMessage::projectId));
      ps.setArray(2, a.uuids(rows, ChatMessage::threadId));
      ps.setArray(3, a.uuids(rows, ChatMessage::messageId));
      ps.setArray(4, a.texts(rows, ChatMessage::role));
      ps.setArray(5, a.instants(rows, ChatMessage::createdAt));
      ps.setArray(6, a.texts(rows, m -> m.message().toString()));
      ps.setArray(7, a.texts(rows, m -> m.feedback() == null ? null : m.feedback().toString()));
      ps.setArray(
          8,
          a.longs(
              rows,
              m ->
                  m.userExternalId() == null
                      ? null
                      : userIds.get(new BatchPlan.UserKey(m.projectId(), m.userExternalId()))));
      ps.executeUpdate();
    }
  }

  private void rebuild(Connection c, UUID projectId, Set<UUID> threads) throws SQLException {
    Map<UUID, List<Message>> byThread = loadMessages(c, projectId, threads);
    Set<UUID> allMessageIds = new HashSet<>();
    byThread.values().forEach(list -> list.forEach(m -> allMessageIds.add(m.messageId())));
    Map<UUID, ObjectNode> existingFeedback = new HashMap<>();
    Set<UUID> existingChatRows = new HashSet<>();
    loadExisting(c, projectId, allMessageIds, threads, existingFeedback, existingChatRows);

    List<RunPatch> patches = new ArrayList<>();
    List<UUID[]> remaps = new ArrayList<>();
    Set<UUID> exchangeIds = new HashSet<>();
    for (var thread : byThread.entrySet()) {
      List<Exchange> exchanges = ChatExchanges.group(thread.getValue());
      for (Exchange x : exchanges) {
        exchangeIds.add(x.id());
        patches.add(exchangePatch(projectId, thread.getKey(), x, existingFeedback));
        for (Message m : x.messages) {
          remaps.add(new UUID[] {m.messageId(), x.id()});
        }
      }
      if (!exchanges.isEmpty()) {
        patches.add(threadInput(projectId, thread.getKey(), exchanges));
      }
    }
    upsertRuns.run(c, patches);
    Set<UUID> stale = new HashSet<>(existingChatRows);
    stale.removeAll(exchangeIds);
    repointChildrenAndMessages(c, projectId, remaps);
    deleteRuns(c, projectId, stale);
  }

  private RunPatch exchangePatch(
      UUID projectId, UUID threadId, Exchange x, Map<UUID, ObjectNode> existingFeedback) {
    RunPatch p = new RunPatch(projectId, x.id());
    p.hasStart = true;
    p.type = "chat";
    p.parentRunId = threadId;
    p.createdAt = x.createdAt();
    p.endedAt = x.endedAt();
    p.input = x.input.isEmpty() ? null : x.input;
    p.output = x.output.isEmpty() ? null : x.output;
    for (Message m : x.messages) {
      p.externalUserId = RunPatch.firstNonNull(m.externalUserId(), p.externalUserId);
      JsonNode tags = m.message().get("tags");
      if (tags != null && tags.isArray()) {
        List<String> list = new ArrayList<>();
        tags.forEach(t -> list.add(t.asText()));
        p.tags = RunPatch.mergeTags(p.tags, list);
      }
      JsonNode meta =
          m.message().has("metadata") ? m.message().get("metadata") : m.message().get("extra");
      if (meta != null && meta.isObject()) {
        p.mergeMetadata(meta);
      }
      // Feedback given on a message id that is no longer the exchange's id moves to the exchange.
      ObjectNode moved = m.messageId().equals(x.id()) ? null : existingFeedback.get(m.messageId());
      mergeFeedback(p, moved);
      mergeFeedback(p, m.feedback());
    }
    return p;
  }

  private static void mergeFeedback(RunPatch p, ObjectNode feedback) {
    if (feedback == null) {
      return;
    }
    if (p.feedback == null) {
      p.feedback = feedback.deepCopy();
    } else {
      p.feedback.setAll(feedback);
    }
  }

  /** As in the reference, a thread's input is its latest message. */
  private static RunPatch threadInput(UUID projectId, UUID threadId, List<Exchange> exchanges) {
    Exchange last = exchanges.get(exchanges.size() - 1);
    Message latest = last.messages.get(last.messages.size() - 1);
    RunPatch p = new RunPatch(projectId, threadId);
    p.type = "thread";
    p.createdAt = exchanges.get(0).createdAt();
    p.input = ChatExchanges.coreMessage(latest.message());
    return p;
  }

  private Map<UUID, List<Message>> loadMessages(Connection c, UUID projectId, Set<UUID> threads)
      throws SQLException {
    Map<UUID, List<Message>> byThread = new LinkedHashMap<>();
    try (PreparedStatement ps = c.prepareStatement(LOAD_MESSAGES)) {
      ps.setObject(1, projectId);
      ps.setArray(2, c.createArrayOf("uuid", threads.toArray()));
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          byThread
              .computeIfAbsent(rs.getObject(1, UUID.class), t -> new ArrayList<>())
              .add(
                  new Message(
                      rs.getObject(2, UUID.class),
                      rs.getString(3),
                      rs.getTimestamp(4).toInstant(),
                      (ObjectNode) parse(rs.getString(5)),
                      (ObjectNode) parse(rs.getString(6)),
                      (Long) rs.getObject(7)));
        }
      }
    }
    return byThread;
  }

  private void loadExisting(
      Connection c,
      UUID projectId,
      Set<UUID> messageIds,
      Set<UUID> threads,
      Map<UUID, ObjectNode> feedback,
      Set<UUID> chatRows)
      throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(LOAD_EXISTING)) {
      ps.setObject(1, projectId);
      ps.setArray(2, c.createArrayOf("uuid", messageIds.toArray()));
      ps.setArray(3, c.createArrayOf("uuid", threads.toArray()));
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          UUID id = rs.getObject(1, UUID.class);
          String type = rs.getString(2);
          if (type == null || "chat".equals(type)) {
            chatRows.add(id);
            JsonNode f = parse(rs.getString(3));
            if (f instanceof ObjectNode o) {
              feedback.put(id, o);
            }
          }
        }
      }
    }
  }

  private static void repointChildrenAndMessages(Connection c, UUID projectId, List<UUID[]> remaps)
      throws SQLException {
    if (remaps.isEmpty()) {
      return;
    }
    Object[] from = remaps.stream().map(r -> r[0]).toArray();
    Object[] to = remaps.stream().map(r -> r[1]).toArray();
    try (PreparedStatement ps =
        c.prepareStatement(
            """
            update chat_message m set exchange_id = v.exchange_id
            from unnest(?::uuid[], ?::uuid[]) as v(message_id, exchange_id)
            where m.project_id = ? and m.message_id = v.message_id
              and m.exchange_id is distinct from v.exchange_id
            """)) {
      ps.setArray(1, c.createArrayOf("uuid", from));
      ps.setArray(2, c.createArrayOf("uuid", to));
      ps.setObject(3, projectId);
      ps.executeUpdate();
    }
    try (PreparedStatement ps =
        c.prepareStatement(
            """
            update run r set parent_run_id = v.exchange_id
            from unnest(?::uuid[], ?::uuid[]) as v(message_id, exchange_id)
            where r.project_id = ? and r.parent_run_id = v.message_id
              and v.message_id <> v.exchange_id
            """)) {
      ps.setArray(1, c.createArrayOf("uuid", from));
      ps.setArray(2, c.createArrayOf("uuid", to));
      ps.setObject(3, projectId);
      ps.executeUpdate();
    }
  }

  private static void deleteRuns(Connection c, UUID projectId, Set<UUID> ids) throws SQLException {
    if (ids.isEmpty()) {
      return;
    }
    try (PreparedStatement ps =
        c.prepareStatement("delete from run where project_id = ? and id = any(?)")) {
      ps.setObject(1, projectId);
      ps.setArray(2, c.createArrayOf("uuid", ids.toArray()));
      ps.executeUpdate();
    }
  }

  private JsonNode parse(String s) {
    if (s == null) {
      return null;
    }
    try {
      return json.readTree(s);
    } catch (IOException e) {
      throw new IllegalStateException("stored JSON is unreadable", e);
    }
  }
}
