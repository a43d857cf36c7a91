package dev.selene.server.ingest;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.selene.server.ingest.BatchPlan.UserKey;
import dev.selene.server.ingest.UpsertRuns.StoredRun;
import dev.selene.server.pricing.Pricing;
import dev.selene.server.pricing.TokenCounter;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * Writes one batch of events in one transaction with a fixed, small number of set-based statements,
 * whatever the batch size: users, runs, chat threads, user inheritance, pricing.
 */
final class BatchWriter {
  /** The advisory lock key of {@link #inheritUsersFromStoredRuns} (the ASCII of "seleneIn"). */
  private static final long INHERITANCE_LOCK = 0x73656c656e65696eL;

  private final DataSource db;
  private final UpsertRuns upsertRuns;
  private final ChatThreads chatThreads;
  private final PriceRuns priceRuns;
  private final KnownUsers knownUsers;

  BatchWriter(
      DataSource db,
      ObjectMapper json,
      Pricing pricing,
      TokenCounter tokens,
      KnownUsers knownUsers) {
    this.db = db;
    this.knownUsers = knownUsers;
    this.upsertRuns = new UpsertRuns(json);
    this.chatThreads = new ChatThreads(json, upsertRuns);
    this.priceRuns = new PriceRuns(pricing, tokens);
  }

  void write(List<RunEvent> events) throws SQLException {
    try (Connection c = db.getConnection()) {
      upsertRuns.prepare(c);
      c.setAutoCommit(false);
      try {
        keyedLookupsOnly(c);
        long generation = knownUsers.generation();
        Map<UserKey, KnownUsers.Known> learned = write(c, events);
        c.commit();
        knownUsers.remember(generation, learned);
      } catch (SQLException | RuntimeException e) {
        c.rollback();
        throw e;
      }
    }
  }

  /**
   * Every statement of a batch touches a few hundred runs by key. On a run table of some ten
   * thousand rows the planner prefers hashing the whole table to probing the primary key, which
   * made the upsert several times slower (auto_explain: 27 of 47 ms for 250 runs); keyed probes
   * cost the same at any table size.
   */
  private static void keyedLookupsOnly(Connection c) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute("set local enable_hashjoin = off; set local enable_mergejoin = off");
    }
  }

  /** Writes the batch; returns what it learned about end users, to remember once committed. */
  private Map<UserKey, KnownUsers.Known> write(Connection c, List<RunEvent> events)
      throws SQLException {
    BatchPlan plan = BatchPlan.of(RekeyedChatIds.resolve(c, events));
    Map<UserKey, KnownUsers.Known> learned = UpsertExternalUsers.run(c, plan.users, knownUsers);
    Map<UserKey, Long> userIds = new HashMap<>();
    plan.users.forEach((k, v) -> userIds.put(k, v.id));
    for (RunPatch p : plan.runs.values()) {
      if (p.userExternalId != null) {
        p.externalUserId = userIds.get(new UserKey(p.projectId, p.userExternalId));
      }
    }
    InheritUsers.inBatch(plan.runs);
    priceRuns.prepare(plan.runs.values());
    List<StoredRun> unpriced = upsertRuns.run(c, plan.runs.values());
    chatThreads.run(c, plan.chatMessages, userIds);
    priceRuns.run(c, unpriced);
    inheritUsersFromStoredRuns(c, plan);
    return learned;
  }

  /**
   * Held from user inheritance to commit, by the batches that can need it. Batches in flight at
   * once touch disjoint runs, but a run of one can be the stored parent of a child in the other,
   * linked through a grandchild neither batch names; each would miss the other's uncommitted half
   * of the link. Taken in turn (and statements in read committed see what committed before them),
   * the second sees the first's. An advisory lock rather than a Java one: a writer holding it may
   * wait on a row another writer has locked, and PostgreSQL sees (and breaks) that cycle, where a
   * Java lock would hang both.
   *
   * <p>Both sides of such a link take it. The child's side has an orphan (a run with a parent and
   * no user yet). The parent's side has a run with a user and a stored child still without one (the
   * middle of the link, which it sees: it committed before either batch, since a batch in flight
   * naming it as parent would have kept this one waiting). Every other batch, and under steady
   * traffic that is most of them (new runs, whole traces), skips the lock: it held every writer's
   * commit in turn, and with the lock's waits the two cores sat a tenth idle (bench/README.md,
   * "Session 16").
   */
  private static void inheritUsersFromStoredRuns(Connection c, BatchPlan plan) throws SQLException {
    Map<UUID, List<RunPatch>> byProject = new LinkedHashMap<>();
    plan.runs
        .values()
        .forEach(p -> byProject.computeIfAbsent(p.projectId, k -> new ArrayList<>()).add(p));
    if (!InheritUsers.mayPassOn(c, byProject)) {
      return;
    }
    try (Statement s = c.createStatement()) {
      s.execute("select pg_advisory_xact_lock(" + INHERITANCE_LOCK + ")");
    }
    for (var entry : byProject.entrySet()) {
      InheritUsers.stored(c, entry.getKey(), entry.getValue());
    }
  }

  /**
   * A chat exchange takes the id of its latest message. Events that still name an earlier message
   * of the exchange (feedback on the user message, a child started with {@code setParent(userMsg)})
   * are redirected to the exchange.
   */
  static final class RekeyedChatIds {
    private RekeyedChatIds() {}

    static List<RunEvent> resolve(Connection c, List<RunEvent> events) throws SQLException {
      Map<UUID, Set<UUID>> idsByProject = new HashMap<>();
      for (RunEvent e : events) {
        // Only feedback and updates address an existing run by id; starts and ends create their
        // own.
        if (("feedback".equals(e.event()) || "update".equals(e.event())) && e.runId() != null) {
          idsByProject.computeIfAbsent(e.projectId(), p -> new HashSet<>()).add(e.runId());
        }
        if (e.parentRunId() != null && !"chat".equals(e.event())) {
          idsByProject.computeIfAbsent(e.projectId(), p -> new HashSet<>()).add(e.parentRunId());
        }
      }
      Map<RunKey, UUID> remap = new HashMap<>();
      if (idsByProject.isEmpty()) {
        return events;
      }
      for (var entry : idsByProject.entrySet()) {
        try (PreparedStatement ps =
            c.prepareStatement(
                """
                select message_id, exchange_id from chat_message
                where project_id = ? and message_id = any(?)
                  and exchange_id is not null and exchange_id <> message_id
                """)) {
          ps.setObject(1, entry.getKey());
          ps.setArray(2, c.createArrayOf("uuid", entry.getValue().toArray()));
          try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
              remap.put(
                  new RunKey(entry.getKey(), rs.getObject(1, UUID.class)),
                  rs.getObject(2, UUID.class));
            }
          }
        }
      }
      if (remap.isEmpty()) {
        return events;
      }
      List<RunEvent> out = new ArrayList<>(events.size());
      for (RunEvent e : events) {
        if ("chat".equals(e.event())) {
          out.add(e);
          continue;
        }
        UUID runId =
            e.runId() == null
                ? null
                : remap.getOrDefault(new RunKey(e.projectId(), e.runId()), e.runId());
        UUID parent =
            e.parentRunId() == null
                ? null
                : remap.getOrDefault(new RunKey(e.projectId(), e.parentRunId()), e.parentRunId());
        out.add(withIds(e, runId, parent));
      }
      return out;
    }

    private static RunEvent withIds(RunEvent e, UUID runId, UUID parent) {
      return new RunEvent(
          e.projectId(),
          e.event(),
          e.type(),
          runId,
          parent,
          e.timestamp(),
          e.name(),
          e.input(),
          e.output(),
          e.error(),
          e.params(),
          e.metadata(),
          e.feedback(),
          e.feedbackOverwrite(),
          e.tags(),
          e.userId(),
          e.userProps(),
          e.promptTokens(),
          e.completionTokens(),
          e.cachedPromptTokens(),
          e.templateVersionId(),
          e.runtime(),
          e.message(),
          e.threadTags(),
          e.threadMetadata());
    }
  }
}
