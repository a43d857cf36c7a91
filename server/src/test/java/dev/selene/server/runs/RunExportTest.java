package dev.selene.server.runs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.JsonNode;
import dev.selene.server.testing.TestProject;
import dev.selene.server.testing.TestServer;
import io.restassured.response.Response;
import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;

class RunExportTest {
  private final TestServer server = TestServer.shared();
  private final TestProject project = server.newProject();
  private final RunFixtures fixtures = new RunFixtures(server, project);
  private final RunsApi api = RunsApi.privateKey(server, project);

  private static List<JsonNode> lines(String body) {
    List<JsonNode> lines = new ArrayList<>();
    for (String line : body.split("\n")) {
      if (!line.isEmpty()) {
        lines.add(RunsApi.parse(line));
      }
    }
    return lines;
  }

  @Test
  void csv_hasTheRunKeysAsHeader_andParsesBack() throws IOException {
    long user = fixtures.user("u-1", "{\"plan\":\"pro\"}");
    UUID failed =
        fixtures
            .run("llm")
            .name("gpt-4o")
            .status("error")
            .input("[{\"role\":\"user\",\"content\":\"line one\\nline \\\"two\\\", three\"}]")
            .error("{\"message\":\"boom\"}")
            .tokens(4, 2)
            .cost(0.01)
            .user(user)
            .insert();
    fixtures.run("llm").status("success").insert();
    fixtures.run("agent").status("error").insert();

    Response response = api.get("/v1/runs/export?exportFormat=csv&type=llm&status=error");

    response.then().statusCode(200);
    assertThat(response.contentType()).startsWith("text/csv");
    assertThat(response.header("Content-Disposition"))
        .isEqualTo("attachment; filename=\"export.csv\"");
    try (CSVParser csv =
        CSVParser.parse(
            new StringReader(response.asString()),
            CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get())) {
      assertThat(csv.getHeaderNames()).containsExactlyElementsOf(RunRowWriter.Csv.HEADER);
      List<CSVRecord> records = csv.getRecords();
      assertThat(records).hasSize(1);
      CSVRecord row = records.get(0);
      assertThat(row.get("id")).isEqualTo(failed.toString());
      assertThat(row.get("name")).isEqualTo("gpt-4o");
      assertThat(row.get("status")).isEqualTo("error");
      assertThat(row.get("cost")).isEqualTo("0.01");
      assertThat(row.get("feedback")).isEmpty();
      assertThat(RunsApi.parse(row.get("input")).get(0).get("content").asText())
          .isEqualTo("line one\nline \"two\", three");
      assertThat(RunsApi.parse(row.get("tokens")).get("total").asInt()).isEqualTo(6);
      assertThat(RunsApi.parse(row.get("user")).get("externalId").asText()).isEqualTo("u-1");
      assertThat(RunsApi.parse(row.get("error")).get("message").asText()).isEqualTo("boom");
    }
  }

  @Test
  void jsonl_streamsEveryMatchingRunAcrossManyCursorFetches() {
    int total = RunExport.FETCH_SIZE * 2 + 37;
    fixtures.exec(
        "insert into run (project_id, id, type, name, created_at, input, status)"
            + " select ?, gen_random_uuid(), 'llm', 'bulk', now() - g * interval '1 second',"
            + " jsonb_build_array(jsonb_build_object('role', 'user', 'content', 'n' || g)), 'success'"
            + " from generate_series(1, ?) g",
        project.id(),
        total);
    fixtures.run("tool").name("bulk").insert();

    Response response = api.get("/v1/runs/export?exportFormat=jsonl&models=bulk&type=llm");

    response.then().statusCode(200);
    assertThat(response.contentType()).startsWith("application/jsonl");
    List<JsonNode> lines = lines(response.asString());
    assertThat(lines).hasSize(total);
    assertThat(lines.stream().map(l -> l.get("id").asText()).distinct()).hasSize(total);
    assertThat(lines.get(0).get("input").get(0).get("content").asText()).isEqualTo("n1");
    assertThat(RunsApi.keys(lines.get(0))).startsWith("id", "projectId", "isPublic");
  }

  @Test
  void ojsonl_writesOpenAiTrainingLinesForChatRunsOnly() {
    fixtures
        .run("llm")
        .input(
            "[{\"role\":\"system\",\"content\":\"Be brief\"},"
                + "{\"role\":\"user\",\"content\":\"Weather?\",\"toolCalls\":[]}]")
        .output(
            "{\"role\":\"assistant\",\"content\":null,"
                + "\"toolCalls\":[{\"id\":\"c1\",\"type\":\"function\","
                + "\"function\":{\"name\":\"getWeather\",\"arguments\":\"{}\"}}]}")
        .insert();
    fixtures.run("llm").input("\"plain text prompt\"").output("\"plain answer\"").insert();
    fixtures.run("llm").input("[{\"role\":\"user\",\"content\":\"no answer yet\"}]").insert();

    List<JsonNode> lines = lines(api.get("/v1/runs/export?exportFormat=ojsonl").asString());

    assertThat(lines).hasSize(1);
    assertThat(lines.get(0).toString())
        .isEqualTo(
            "{\"messages\":[{\"role\":\"system\",\"content\":\"Be brief\"},"
                + "{\"role\":\"user\",\"content\":\"Weather?\"},"
                + "{\"role\":\"assistant\",\"content\":\"\",\"tool_calls\":[{\"id\":\"c1\","
                + "\"type\":\"function\",\"function\":{\"name\":\"getWeather\",\"arguments\":\"{}\"}}]}]}");
  }

  @Test
  void export_onlyReadsTheCallersProjectAndHidesPendingRuns() {
    fixtures.run("llm").pending().insert();
    UUID mine = fixtures.run("llm").insert();
    new RunFixtures(server, server.newProject()).run("llm").insert();

    List<JsonNode> lines = lines(api.get("/v1/runs/export?exportFormat=jsonl").asString());

    assertThat(lines).hasSize(1);
    assertThat(lines.get(0).get("id").asText()).isEqualTo(mine.toString());
  }

  @Test
  void export_needsThePrivateKeyAndAValidFormat() {
    new RunsApi(server, project.publicKey())
        .get("/v1/runs/export?exportFormat=csv")
        .then()
        .statusCode(403);
    api.get("/v1/runs/export")
        .then()
        .statusCode(422)
        .body("details.field", equalTo("exportFormat"));
    api.get("/v1/runs/export?exportFormat=xml")
        .then()
        .statusCode(422)
        .body("details.field", equalTo("exportFormat"));
    api.get("/v1/runs/export?exportFormat=csv&cost=gt.x")
        .then()
        .statusCode(422)
        .body("details.field", equalTo("cost"));
  }
}
