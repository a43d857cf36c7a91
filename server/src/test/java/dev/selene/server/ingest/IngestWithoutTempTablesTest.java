package dev.selene.server.ingest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import dev.selene.server.SeleneServer;
import dev.selene.server.config.ConfigLoader;
import dev.selene.server.testing.TestServer;
import java.net.URI;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * An external PostgreSQL may not grant Selene's role the TEMP privilege, so large batches cannot be
 * staged by COPY (RunStage): they must still be stored, as JSON documents.
 */
class IngestWithoutTempTablesTest {
  @Test
  void largeBatches_areStored_whenTheDatabaseRefusesTemporaryTables() throws Exception {
    String name = "selene_notemp_" + UUID.randomUUID().toString().replace("-", "").substring(0, 8);
    try (Connection c = TestServer.shared().db().getConnection();
        Statement s = c.createStatement()) {
      s.execute("create role " + name + " login password 'notemp'");
      s.execute("create database " + name + " owner " + name);
      s.execute("revoke temporary on database " + name + " from public, " + name);
    }
    URI embedded =
        URI.create(((HikariDataSource) TestServer.shared().db()).getJdbcUrl().substring(5));
    String url =
        "jdbc:postgresql://%s:%d/%s?user=%s&password=notemp"
            .formatted(embedded.getHost(), embedded.getPort(), name, name);
    int runs = UpsertRuns.STAGE_MIN_RUNS + 20;
    try (SeleneServer selene =
        SeleneServer.start(
            ConfigLoader.load(
                TestServer.testEnvironment(
                    Map.of("DATABASE_URL", url, "SELENE_PROJECT_PUBLIC_KEY", "notemp-key"))))) {
      StringBuilder events = new StringBuilder("[");
      for (int i = 0; i < runs; i++) {
        String id = UUID.randomUUID().toString();
        events
            .append(i == 0 ? "" : ",")
            .append(
                "{\"type\":\"tool\",\"event\":\"start\",\"runId\":\"%s\",\"timestamp\":1}"
                    .formatted(id))
            .append(
                ",{\"type\":\"tool\",\"event\":\"end\",\"runId\":\"%s\",\"timestamp\":2}"
                    .formatted(id));
      }
      given()
          .baseUri("http://localhost:" + selene.port())
          .header("Authorization", "Bearer notemp-key")
          .contentType("application/json")
          .body("{\"events\":" + events.append(']') + "}")
          .post("/v1/runs/ingest")
          .then()
          .statusCode(200);

      try (Connection c = selene.dataSource().getConnection();
          ResultSet rs =
              c.createStatement()
                  .executeQuery("select count(*) from run where status = 'success'")) {
        rs.next();
        assertThat(rs.getInt(1)).isEqualTo(runs);
      }
    }
  }
}
