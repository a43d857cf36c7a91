package dev.selene.server.testing;

import dev.selene.server.SeleneServer;
import dev.selene.server.config.ConfigLoader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * The real Selene server on a random port with its embedded PostgreSQL, started once per test JVM
 * and shared by all HTTP tests. Tests isolate themselves by creating their own project.
 */
public final class TestServer {
  private static TestServer shared;

  private final SeleneServer server;

  private TestServer(SeleneServer server) {
    this.server = server;
  }

  public static synchronized TestServer shared() {
    if (shared == null) {
      shared = new TestServer(SeleneServer.start(ConfigLoader.load(testEnvironment(Map.of()))));
      Runtime.getRuntime().addShutdownHook(new Thread(shared.server::close));
    }
    return shared;
  }

  /** Environment for a test server: random ports, throw-away data dir, fast (non-durable) disk. */
  public static Map<String, String> testEnvironment(Map<String, String> overrides) {
    Map<String, String> env = new HashMap<>();
    env.put("PORT", "0");
    env.put("SELENE_OTLP_GRPC_PORT", String.valueOf(freePort()));
    env.put("SELENE_DATA_DIR", tempDir().toString());
    env.put("SELENE_EMBEDDED_DURABLE", "false");
    String external = System.getenv("SELENE_TEST_DATABASE_URL");
    if (external != null && !external.isBlank()) {
      env.put("DATABASE_URL", external);
    }
    env.putAll(overrides);
    return env;
  }

  /** A port free right now, for the OTLP/gRPC receiver (0 would disable it). */
  private static int freePort() {
    try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Path tempDir() {
    try {
      return Files.createTempDirectory("selene-test-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public SeleneServer server() {
    return server;
  }

  public String baseUrl() {
    return "http://localhost:" + server.port();
  }

  public int port() {
    return server.port();
  }

  /** The OTLP/gRPC port. */
  public int grpcPort() {
    return server.services().config().otlpGrpcPort();
  }

  public DataSource db() {
    return server.dataSource();
  }

  /** A fresh organisation and project with its public, private and org keys. */
  public TestProject newProject() {
    UUID org = UUID.randomUUID();
    UUID project = UUID.randomUUID();
    TestProject p =
        new TestProject(
            org,
            project,
            UUID.randomUUID().toString(),
            UUID.randomUUID().toString(),
            UUID.randomUUID().toString());
    try (Connection c = db().getConnection()) {
      exec(c, "insert into org (id, name) values (?, 'Test org')", org);
      exec(c, "insert into project (id, name, org_id) values (?, 'Test project', ?)", project, org);
      exec(c, key("public"), p.publicKey(), project, org);
      exec(c, key("private"), p.privateKey(), project, org);
      exec(
          c,
          "insert into api_key (type, api_key, project_id, org_id) values ('org_private', ?, null, ?)",
          p.orgKey(),
          org);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
    return p;
  }

  private static String key(String type) {
    return "insert into api_key (type, api_key, project_id, org_id) values ('"
        + type
        + "', ?, ?, ?)";
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
