package dev.selene.bench;

import java.io.StringReader;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.UUID;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

/**
 * Bulk-loads a realistic run table with COPY (not through HTTP: this dataset is for read
 * benchmarks): {@code projects} projects of Zipf-distributed sizes (the largest holds about a
 * quarter of all runs), their end users, and over {@code days} days ending now, hour by hour with a
 * daily cycle: standalone LLM calls, agent traces (agent, LLM and tool children), chat threads
 * (thread, exchanges, a custom event), retrievers and embeddings; several models, tags, errors,
 * unfinished runs, thumbs feedback, token counts, costs and log-normal durations.
 */
final class RunDataset {
  static final String[] MODELS = {
    "gpt-4o",
    "gpt-4o-mini",
    "claude-3-5-sonnet",
    "gpt-4.1",
    "gemini-1.5-pro",
    "o3-mini",
    "claude-3-haiku",
    "llama-3-70b"
  };
  static final double[] PRICE_IN = {2.5, 0.15, 3, 2, 1.25, 1.1, 0.25, 0.6};
  static final double[] PRICE_OUT = {10, 0.6, 15, 8, 5, 4.4, 1.25, 0.8};
  static final String[] TAGS = {
    "prod", "staging", "beta", "search", "support", "sales", "rag", "eval", "mobile", "web"
  };
  static final String[] AGENTS = {"planner", "researcher", "writer", "router", "summarizer"};
  static final String[] TOOLS = {"web-search", "calculator", "sql", "weather", "calendar"};
  static final String[] EVENTS = {"thumbs", "copied", "regenerated", "escalated"};

  static final String[] TEMPLATES = {
    "support-answer", "summarise-ticket", "sales-email", "classify-intent", "rag-answer"
  };

  /** {@code templateVersions}: ids of the project's template versions, filled by the load. */
  record Project(
      UUID id,
      String name,
      String privateKey,
      double share,
      long firstUser,
      int users,
      List<Long> templateVersions) {}

  private final DataSource db;
  private final int runs;
  private final int days;
  private final SplittableRandom random = new SplittableRandom(20251123);
  final List<Project> projects = new ArrayList<>();
  final UUID org = UUID.randomUUID();
  final String orgKey = "bench-org-" + UUID.randomUUID();

  RunDataset(DataSource db, int runs, int projectCount, int days) {
    this.db = db;
    this.runs = runs;
    this.days = days;
    double harmonic = 0;
    for (int i = 1; i <= projectCount; i++) {
      harmonic += 1.0 / i;
    }
    long nextUser = 1_000_000;
    for (int i = 0; i < projectCount; i++) {
      double share = (1.0 / (i + 1)) / harmonic;
      int users = (int) Math.max(50, Math.min(50_000, share * runs / 40));
      projects.add(
          new Project(
              UUID.randomUUID(),
              "project-" + i,
              "bench-private-" + i + "-" + UUID.randomUUID(),
              share,
              nextUser,
              users,
              new ArrayList<>()));
      nextUser += users;
    }
  }

  void load() throws SQLException {
    Instant end = Instant.now().truncatedTo(ChronoUnit.MINUTES);
    Instant start = end.minus(days, ChronoUnit.DAYS);
    try (Connection c = db.getConnection()) {
      c.setAutoCommit(false);
      CopyManager copy = c.unwrap(PGConnection.class).getCopyAPI();
      createTenants(c, copy, start, end);
      c.commit();
      long hours = ChronoUnit.HOURS.between(start, end);
      long written = 0;
      StringBuilder chunk = new StringBuilder(8 << 20);
      int rowsInChunk = 0;
      for (long h = 0; h < hours; h++) {
        Instant hour = start.plus(h, ChronoUnit.HOURS);
        // a daily cycle: busiest mid-afternoon UTC, quietest at night
        double cycle =
            1
                + 0.6
                    * Math.sin(
                        (hour.atZone(java.time.ZoneOffset.UTC).getHour() - 9) * Math.PI / 12);
        long target = Math.round(runs * cycle / hours);
        long due = Math.min(runs - written, target);
        for (long n = 0; n < due; ) {
          int added = unit(chunk, hour);
          n += added;
          written += added;
          rowsInChunk += added;
        }
        if (rowsInChunk >= 50_000 || h + 1 == hours) {
          copyIn(
              copy,
              "copy run (project_id, id, created_at, ended_at, type, name, status, tags, input,"
                  + " output, error, params, metadata, feedback, parent_run_id, prompt_tokens,"
                  + " completion_tokens, cost, external_user_id, template_version_id) from stdin",
              chunk);
          c.commit();
          chunk.setLength(0);
          rowsInChunk = 0;
          System.out.printf("\rloaded %,d runs (%s)", written, hour);
        }
      }
      System.out.println();
      try (Statement s = c.createStatement()) {
        s.execute("analyze");
      }
      c.commit();
    }
  }

  private void createTenants(Connection c, CopyManager copy, Instant start, Instant end)
      throws SQLException {
    exec(c, "insert into org (id, name) values (?, 'Bench org')", org);
    exec(
        c,
        "insert into api_key (type, api_key, project_id, org_id) values ('org_private', ?, null, ?)",
        orgKey,
        org);
    long span = end.getEpochSecond() - start.getEpochSecond();
    for (Project p : projects) {
      exec(c, "insert into project (id, name, org_id) values (?, ?, ?)", p.id(), p.name(), org);
      exec(
          c,
          "insert into api_key (type, api_key, project_id, org_id) values ('private', ?, ?, ?)",
          p.privateKey(),
          p.id(),
          org);
      templates(c, p);
      StringBuilder users = new StringBuilder();
      for (int u = 0; u < p.users(); u++) {
        Instant firstSeen = start.plusSeconds(random.nextLong(span));
        users
            .append(p.firstUser() + u)
            .append('\t')
            .append(firstSeen)
            .append('\t')
            .append(p.id())
            .append("\tuser-")
            .append(u)
            .append('\t')
            .append(end)
            .append("\t{\"plan\": \"")
            .append(random.nextInt(4) == 0 ? "pro" : "free")
            .append("\", \"country\": \"")
            .append(new String[] {"FR", "US", "DE", "IN", "BR"}[random.nextInt(5)])
            .append("\"}\n");
      }
      copyIn(
          copy,
          "copy external_user (id, created_at, project_id, external_id, last_seen, props) from stdin",
          users);
    }
    try (Statement s = c.createStatement()) {
      s.execute("select setval('external_user_id_seq', (select max(id) from external_user))");
    }
  }

  /**
   * Each project has the same few prompt templates, each with a draft and two published versions.
   */
  private static void templates(Connection c, Project p) throws SQLException {
    for (String slug : TEMPLATES) {
      long template;
      try (PreparedStatement ps =
          c.prepareStatement(
              "insert into template (project_id, slug, mode, created_by_kind)"
                  + " values (?, ?, 'openai', 'private_key') returning id")) {
        ps.setObject(1, p.id());
        ps.setString(2, slug);
        try (java.sql.ResultSet rs = ps.executeQuery()) {
          rs.next();
          template = rs.getLong(1);
        }
      }
      for (int v = 1; v <= 3; v++) {
        try (PreparedStatement ps =
            c.prepareStatement(
                "insert into template_version (template_id, version, content, extra, is_draft,"
                    + " published_at, created_by_kind) values (?, ?, ?::jsonb, ?::jsonb, ?, ?,"
                    + " 'private_key') returning id")) {
          ps.setLong(1, template);
          ps.setInt(2, v);
          ps.setString(3, "[{\"role\": \"system\", \"content\": \"You answer {{question}}\"}]");
          ps.setString(4, "{\"model\": \"gpt-4o\", \"temperature\": 0.2}");
          ps.setBoolean(5, v == 3);
          ps.setObject(6, v == 3 ? null : java.time.OffsetDateTime.now());
          try (java.sql.ResultSet rs = ps.executeQuery()) {
            rs.next();
            if (v < 3) {
              p.templateVersions().add(rs.getLong(1));
            }
          }
        }
      }
    }
  }

  /** Appends one unit of work (a call, a trace or a thread) at a random time in the hour. */
  private int unit(StringBuilder out, Instant hour) {
    Project p = pickProject();
    Instant at = hour.plusMillis(random.nextLong(3_600_000));
    Long user = random.nextInt(5) == 0 ? null : p.firstUser() + zipf(p.users());
    int kind = random.nextInt(100);
    if (kind < 55) {
      // a third of the standalone calls are made from a prompt template
      Long template =
          random.nextInt(3) == 0
              ? p.templateVersions().get(zipf(p.templateVersions().size()))
              : null;
      llm(out, p, at, null, user, tags(), template);
      return 1;
    } else if (kind < 75) {
      UUID root = UUID.randomUUID();
      String agent = AGENTS[random.nextInt(AGENTS.length)];
      int children = 1 + random.nextInt(4);
      long total = 0;
      Instant t = at;
      for (int i = 0; i < children; i++) {
        t = t.plusMillis(20 + random.nextInt(500));
        if (random.nextInt(3) == 0) {
          row(
              out,
              p,
              UUID.randomUUID(),
              t,
              duration(300),
              "tool",
              TOOLS[random.nextInt(TOOLS.length)],
              root,
              user,
              null,
              null,
              null,
              null);
        } else {
          llm(out, p, t, root, user, null, null);
        }
        total += 2000;
      }
      row(
          out,
          p,
          root,
          at,
          at.plusMillis(total + random.nextInt(3000)),
          "agent",
          agent,
          null,
          user,
          tags(),
          null,
          null,
          null);
      return children + 1;
    } else if (kind < 85) {
      UUID thread = UUID.randomUUID();
      row(out, p, thread, at, (Instant) null, "thread", null, null, user, tags(), null, null, null);
      int exchanges = 1 + random.nextInt(3);
      Instant t = at;
      for (int i = 0; i < exchanges; i++) {
        t = t.plusSeconds(5 + random.nextInt(60));
        row(
            out,
            p,
            UUID.randomUUID(),
            t,
            t.plusMillis(800 + random.nextInt(4000)),
            "chat",
            null,
            thread,
            user,
            null,
            null,
            null,
            null);
      }
      row(
          out,
          p,
          UUID.randomUUID(),
          t.plusSeconds(2),
          t.plusSeconds(2),
          "custom-event",
          EVENTS[random.nextInt(EVENTS.length)],
          thread,
          user,
          null,
          null,
          null,
          null);
      return exchanges + 2;
    } else {
      String type = random.nextInt(3) == 0 ? "embed" : "retriever";
      row(
          out,
          p,
          UUID.randomUUID(),
          at,
          duration(200).apply(at),
          type,
          type.equals("embed") ? "text-embedding-3-small" : "vector-store",
          null,
          user,
          tags(),
          null,
          null,
          null);
      return 1;
    }
  }

  private void llm(
      StringBuilder out,
      Project p,
      Instant at,
      UUID parent,
      Long user,
      String tags,
      Long template) {
    int m = zipf(MODELS.length);
    int prompt = 50 + random.nextInt(3000);
    int completion = 10 + random.nextInt(800);
    double cost = (prompt * PRICE_IN[m] + completion * PRICE_OUT[m]) / 1_000_000;
    row(
        out,
        p,
        UUID.randomUUID(),
        at,
        duration(1200),
        "llm",
        MODELS[m],
        parent,
        user,
        tags,
        prompt,
        completion,
        cost,
        template);
  }

  private java.util.function.Function<Instant, Instant> duration(double medianMillis) {
    double millis = medianMillis * Math.exp(random.nextGaussian() * 0.8);
    return t -> t.plusMillis((long) millis);
  }

  private void row(
      StringBuilder out,
      Project p,
      UUID id,
      Instant at,
      java.util.function.Function<Instant, Instant> end,
      String type,
      String name,
      UUID parent,
      Long user,
      String tags,
      Integer prompt,
      Integer completion,
      Double cost) {
    row(out, p, id, at, end, type, name, parent, user, tags, prompt, completion, cost, null);
  }

  private void row(
      StringBuilder out,
      Project p,
      UUID id,
      Instant at,
      java.util.function.Function<Instant, Instant> end,
      String type,
      String name,
      UUID parent,
      Long user,
      String tags,
      Integer prompt,
      Integer completion,
      Double cost,
      Long template) {
    rowEndingAt(
        out,
        p,
        id,
        at,
        end.apply(at),
        type,
        name,
        parent,
        user,
        tags,
        prompt,
        completion,
        cost,
        template);
  }

  private void row(
      StringBuilder out,
      Project p,
      UUID id,
      Instant at,
      Instant endedAt,
      String type,
      String name,
      UUID parent,
      Long user,
      String tags,
      Integer prompt,
      Integer completion,
      Double cost) {
    rowEndingAt(
        out, p, id, at, endedAt, type, name, parent, user, tags, prompt, completion, cost, null);
  }

  private void rowEndingAt(
      StringBuilder out,
      Project p,
      UUID id,
      Instant at,
      Instant endedAt,
      String type,
      String name,
      UUID parent,
      Long user,
      String tags,
      Integer prompt,
      Integer completion,
      Double cost,
      Long template) {
    int outcome = random.nextInt(100);
    boolean run = !type.equals("thread") && !type.equals("chat") && !type.equals("custom-event");
    boolean unfinished = run && outcome < 3;
    boolean error = run && outcome >= 3 && outcome < 6;
    String status = run ? (unfinished ? "started" : error ? "error" : "success") : null;
    Instant ended = unfinished ? null : endedAt;
    String feedback =
        random.nextInt(20) == 0
            ? (random.nextInt(10) < 7 ? "{\"thumb\": \"up\"}" : "{\"thumb\": \"down\"}")
            : null;
    out.append(p.id()).append('\t').append(id).append('\t').append(at).append('\t');
    out.append(ended == null ? "\\N" : ended.toString()).append('\t');
    out.append(type).append('\t').append(name == null ? "\\N" : name).append('\t');
    out.append(status == null ? "\\N" : status).append('\t');
    out.append(tags == null ? "\\N" : tags).append('\t');
    // modest payloads (~80 bytes each) keep 10 M runs within a few GB
    out.append("[{\"role\": \"user\", \"content\": \"Ticket ")
        .append(random.nextInt(100_000))
        .append(": summarise it by theme\"}]\t");
    if (ended == null) {
      out.append("\\N\t");
    } else {
      out.append("{\"role\": \"assistant\", \"content\": \"Billing, then login issues.\"}\t");
    }
    out.append(error ? "{\"message\": \"Rate limit exceeded\", \"stack\": \"Error: 429\"}" : "\\N")
        .append('\t');
    out.append(type.equals("llm") ? "{\"temperature\": 0.2, \"maxTokens\": 800}" : "\\N")
        .append('\t');
    out.append("{\"env\": \"prod\", \"release\": \"2025.").append(random.nextInt(12));
    if (type.equals("custom-event")) {
      // a numeric metric, as LangWatch-style events carry (custom-events?metric=rating)
      out.append("\", \"metrics\": {\"rating\": ").append(1 + random.nextInt(5)).append("}}\t");
    } else {
      out.append("\"}\t");
    }
    out.append(feedback == null ? "\\N" : feedback).append('\t');
    out.append(parent == null ? "\\N" : parent.toString()).append('\t');
    out.append(prompt == null || ended == null ? "\\N" : prompt.toString()).append('\t');
    out.append(completion == null || ended == null ? "\\N" : completion.toString()).append('\t');
    out.append(cost == null || ended == null ? "\\N" : cost.toString()).append('\t');
    out.append(user == null ? "\\N" : user.toString()).append('\t');
    out.append(template == null ? "\\N" : template.toString()).append('\n');
  }

  private String tags() {
    int n = random.nextInt(4) == 0 ? 0 : 1 + random.nextInt(2);
    if (n == 0) {
      return null;
    }
    String a = TAGS[zipf(TAGS.length)];
    String b = TAGS[zipf(TAGS.length)];
    return n == 1 || a.equals(b) ? "{" + a + "}" : "{" + a + "," + b + "}";
  }

  private Project pickProject() {
    double x = random.nextDouble();
    for (Project p : projects) {
      x -= p.share();
      if (x <= 0) {
        return p;
      }
    }
    return projects.get(projects.size() - 1);
  }

  /** 0..n-1, smaller values far more likely (about Zipf, s = 1: log-uniform). */
  private int zipf(int n) {
    return (int) Math.min(n - 1, Math.floor(Math.exp(random.nextDouble() * Math.log(n + 1.0))) - 1);
  }

  private static void copyIn(CopyManager copy, String sql, CharSequence rows) throws SQLException {
    try {
      copy.copyIn(sql, new StringReader(rows.toString()));
    } catch (java.io.IOException e) {
      throw new SQLException(e);
    }
  }

  private static void exec(Connection c, String sql, Object... args) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      for (int i = 0; i < args.length; i++) {
        ps.setObject(i + 1, args[i]);
      }
      ps.executeUpdate();
    }
  }
}
