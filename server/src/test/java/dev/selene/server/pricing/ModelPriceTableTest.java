package dev.selene.server.pricing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.selene.server.testing.TestProject;
import dev.selene.server.testing.TestServer;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The seeded price table and the selection rules, against the real database. */
class ModelPriceTableTest {
  private static final Instant NOW = Instant.parse("2025-12-01T00:00:00Z");

  private final TestServer server = TestServer.shared();
  private final ModelPriceTable table = new ModelPriceTable(server.db());
  private final TestProject project = server.newProject();

  private String priceName(String model) {
    ModelPrice price = table.priceFor(project.id(), model, NOW);
    return price == null ? null : price.name();
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    "gpt-4o, gpt-4o",
    "gpt-4o-2024-08-06, gpt-4o",
    "gpt-4o-2024-11-20, gpt-4o",
    "gpt-4o-2024-05-13, gpt-4o-2024-05-13",
    "openai/gpt-4o, gpt-4o",
    "gpt-4o-mini, gpt-4o-mini",
    "gpt-4o-mini-2024-07-18, gpt-4o-mini",
    "gpt-4.1, gpt-4.1",
    "gpt-4.1-2025-04-14, gpt-4.1",
    "gpt-4.1-mini, gpt-4.1-mini",
    "gpt-4.1-nano-2025-04-14, gpt-4.1-nano",
    "gpt-5, gpt-5",
    "gpt-5-2025-08-07, gpt-5",
    "gpt-5-mini-2025-08-07, gpt-5-mini",
    "gpt-5-nano, gpt-5-nano",
    "gpt-5.1, gpt-5.1",
    "o1, o1",
    "o1-2024-12-17, o1",
    "o1-mini, o1-mini",
    "o3-mini-2025-01-31, o3-mini",
    "o3, o3",
    "o4-mini-2025-04-16, o4-mini",
    "gpt-4-turbo-2024-04-09, gpt-4-turbo",
    "gpt-4-0125-preview, gpt-4-turbo",
    "gpt-4, gpt-4",
    "gpt-4-0613, gpt-4",
    "gpt-3.5-turbo, gpt-3.5-turbo",
    "gpt-35-turbo, gpt-3.5-turbo",
    "gpt-3.5-turbo-0125, gpt-3.5-turbo-0125",
    "text-embedding-3-small, text-embedding-3-small",
    "claude-3-haiku-20240307, claude-3-haiku",
    "claude-3-5-haiku-latest, claude-3.5-haiku",
    "claude-3-5-sonnet-20241022, claude-3.5-sonnet",
    "anthropic/claude-3.5-sonnet, claude-3.5-sonnet",
    "us.anthropic.claude-3-5-sonnet-20241022-v2:0, claude-3.5-sonnet",
    "claude-3-5-sonnet-v2@20241022, claude-3.5-sonnet",
    "claude-3-7-sonnet-20250219, claude-3.7-sonnet",
    "anthropic/claude-3.7-sonnet:thinking, claude-3.7-sonnet",
    "claude-3-opus-20240229, claude-3-opus",
    "claude-sonnet-4-20250514, claude-sonnet-4",
    "claude-sonnet-4-0, claude-sonnet-4",
    "claude-sonnet-4@20250514, claude-sonnet-4",
    "claude-opus-4-20250514, claude-opus-4",
    "claude-opus-4-1-20250805, claude-opus-4.1",
    "claude-sonnet-4-5, claude-sonnet-4.5",
    "claude-sonnet-4-5-20250929, claude-sonnet-4.5",
    "anthropic/claude-sonnet-4.5, claude-sonnet-4.5",
    "global.anthropic.claude-sonnet-4-5-20250929-v1:0, claude-sonnet-4.5",
    "claude-haiku-4-5-20251001, claude-haiku-4.5",
    "claude-opus-4-5-20251101, claude-opus-4.5",
    "gemini-1.5-flash, gemini-1.5-flash",
    "gemini-1.5-flash-002, gemini-1.5-flash",
    "gemini-1.5-flash-8b, gemini-1.5-flash-8b",
    "models/gemini-1.5-pro-latest, gemini-1.5-pro",
    "gemini-2.0-flash-001, gemini-2.0-flash",
    "gemini-2.0-flash-lite, gemini-2.0-flash-lite",
    "gemini-2.5-flash, gemini-2.5-flash",
    "gemini-2.5-flash-preview-05-20, gemini-2.5-flash",
    "gemini-2.5-flash-lite, gemini-2.5-flash-lite",
    "gemini-2.5-pro, gemini-2.5-pro",
    "gemini-2.5-pro-preview-06-05, gemini-2.5-pro",
    "mistral-large-latest, mistral-large",
    "mistral-large-2411, mistral-large",
    "mistral-small-latest, mistral-small",
    "codestral-2501, codestral",
    "llama-3.3-70b-versatile, llama-3.3-70b (Groq)",
    "meta-llama/Llama-3.3-70B-Instruct-Turbo, llama-3.3-70b (Together)",
    "accounts/fireworks/models/llama-v3p1-405b-instruct, llama-3.1-405b (Fireworks)",
    "us.meta.llama3-3-70b-instruct-v1:0, llama-3.3-70b (Bedrock)",
    "deepseek-chat, deepseek-chat",
    "deepseek-reasoner, deepseek-reasoner",
    "grok-3, grok-3",
    "grok-3-mini, grok-3-mini",
    "grok-4-0709, grok-4",
    "grok-4-fast-reasoning, grok-4-fast",
    "command-r-plus-08-2024, command-r-plus-08-2024",
    "command-r, command-r",
    "command-r7b-12-2024, command-r7b",
  })
  void priceFor_seededModelName_picksItsOwnFamily(String model, String expected) {
    assertThat(priceName(model)).isEqualTo(expected);
  }

  @ParameterizedTest(name = "{0} is unpriced")
  @CsvSource({
    "gpt-4o-audio-preview",
    "gpt-4o-realtime-preview",
    "my-gpt-4o-finetune",
    "gpt-4o-mini-tts",
    "claude-sonnet-4-6",
    "gemini-2.5-flash-image",
    "llama-3.3-70b-instruct",
    "some-local-model",
    "GPT-4O",
  })
  void priceFor_unknownOrOtherVariant_null(String model) {
    assertThat(priceName(model)).isNull();
  }

  @Test
  void seededPatterns_eachModelNameMatchesRowsOfOneFamilyOnly() {
    // Whatever the date, every row a name matches must be a price of the same model: otherwise a
    // price change of one family could leak into another.
    List<ModelPrice> global =
        new ModelPriceStore(server.db()).all().stream().filter(ModelPrice::isGlobal).toList();
    assertThat(global).hasSizeGreaterThan(100);
    String[] names = {
      "gpt-4o",
      "gpt-4o-mini",
      "gpt-4o-2024-05-13",
      "gpt-4.1",
      "gpt-4.1-mini",
      "gpt-5",
      "gpt-5-mini",
      "gpt-5.1-codex-mini",
      "o1",
      "o1-mini",
      "o3",
      "o3-mini",
      "o3-pro",
      "gpt-4",
      "gpt-4-32k",
      "gpt-3.5-turbo",
      "gpt-3.5-turbo-16k",
      "claude-3-5-sonnet-20241022",
      "claude-sonnet-4-20250514",
      "claude-sonnet-4-5-20250929",
      "claude-opus-4-1",
      "gemini-2.5-flash",
      "gemini-2.5-flash-lite",
      "gemini-1.5-flash-8b",
      "mistral-large-2402",
      "mistral-medium-latest",
      "mistral-medium",
      "mistral-small-2409",
      "grok-4-fast",
      "grok-4",
      "command-r-plus",
      "command-r",
      "deepseek-chat"
    };
    for (String name : names) {
      List<String> families =
          global.stream()
              .filter(p -> Pattern.compile(p.pattern()).matcher(name).find())
              .map(ModelPrice::name)
              .distinct()
              .toList();
      assertThat(families).as(name).hasSize(1);
    }
  }

  @Test
  void priceFor_priceChange_olderRunsKeepTheOldPrice() {
    // o3 was cut from 10/40 to 2/8 on 2025-06-10.
    ModelPrice before = table.priceFor(project.id(), "o3", Instant.parse("2025-06-09T23:59:59Z"));
    ModelPrice after = table.priceFor(project.id(), "o3", Instant.parse("2025-06-10T00:00:00Z"));
    assertThat(before.inputCost()).isEqualTo(10.0);
    assertThat(before.outputCost()).isEqualTo(40.0);
    assertThat(after.inputCost()).isEqualTo(2.0);
    assertThat(after.outputCost()).isEqualTo(8.0);
  }

  @Test
  void priceFor_gpt4oAlias_followsTheSnapshotItPointedTo() {
    assertThat(
            table
                .priceFor(project.id(), "gpt-4o", Instant.parse("2024-09-01T00:00:00Z"))
                .inputCost())
        .isEqualTo(5.0);
    assertThat(table.priceFor(project.id(), "gpt-4o", NOW).inputCost()).isEqualTo(2.5);
    assertThat(table.priceFor(project.id(), "gpt-4o-2024-05-13", NOW).inputCost()).isEqualTo(5.0);
  }

  @Test
  void cost_gpt4oMiniCall_usesListPrices() {
    LlmUsage usage = new LlmUsage("gpt-4o-mini", NOW, 1_000, 200, 400, null, null, 900);
    // 600 * 0.15 + 400 * 0.075 + 200 * 0.60 = 240 per 1M
    assertThat(table.cost(project.id(), usage)).isEqualTo(0.00024);
  }

  @Test
  void cost_unpricedModel_null() {
    LlmUsage usage = new LlmUsage("my-own-model", NOW, 1_000, 200, 0, null, null, 900);
    assertThat(table.cost(project.id(), usage)).isNull();
  }

  @Test
  void cost_noModelName_null() {
    assertThat(table.cost(project.id(), new LlmUsage(null, NOW, 1, 1, 0, null, null, 1))).isNull();
  }

  @Test
  void priceFor_orgOverride_beatsNewerGlobalPrice() throws SQLException {
    // Even with an old start date, the org's own price wins over the global 2024-10-02 row.
    insertOrgPrice(project.orgId(), "our gpt-4o deal", "^gpt-4o$", 1.0, 4.0, "2020-01-01");
    ModelPrice price = table.priceFor(project.id(), "gpt-4o", NOW);
    assertThat(price.name()).isEqualTo("our gpt-4o deal");
    assertThat(price.orgId()).isEqualTo(project.orgId());
  }

  @Test
  void priceFor_orgOverride_invisibleToOtherOrgs() throws SQLException {
    insertOrgPrice(project.orgId(), "our gpt-4o deal", "^gpt-4o$", 1.0, 4.0, "2020-01-01");
    TestProject other = server.newProject();
    assertThat(table.priceFor(other.id(), "gpt-4o", NOW).name()).isEqualTo("gpt-4o");
    assertThat(table.priceFor(other.id(), "gpt-4o", NOW).isGlobal()).isTrue();
  }

  @Test
  void priceFor_orgOverrideNotYetInForce_fallsBackToGlobal() throws SQLException {
    insertOrgPrice(project.orgId(), "future deal", "^gpt-4o$", 1.0, 4.0, "2030-01-01");
    assertThat(table.priceFor(project.id(), "gpt-4o", NOW).name()).isEqualTo("gpt-4o");
    assertThat(table.priceFor(project.id(), "gpt-4o", Instant.parse("2030-02-01T00:00:00Z")).name())
        .isEqualTo("future deal");
  }

  @Test
  void priceFor_sameStartDate_longestPatternWins() throws SQLException {
    insertOrgPrice(project.orgId(), "all of mine", "^acme-", 1.0, 1.0, "2024-01-01");
    insertOrgPrice(project.orgId(), "acme large", "^acme-large", 5.0, 5.0, "2024-01-01");
    assertThat(table.priceFor(project.id(), "acme-large-v2", NOW).name()).isEqualTo("acme large");
    assertThat(table.priceFor(project.id(), "acme-small", NOW).name()).isEqualTo("all of mine");
  }

  @Test
  void priceFor_newerStartDate_winsOverLongerPattern() throws SQLException {
    insertOrgPrice(project.orgId(), "acme large 2024", "^acme-large", 5.0, 5.0, "2024-01-01");
    insertOrgPrice(project.orgId(), "acme 2025", "^acme-", 1.0, 1.0, "2025-01-01");
    assertThat(table.priceFor(project.id(), "acme-large", NOW).name()).isEqualTo("acme 2025");
    assertThat(
            table
                .priceFor(project.id(), "acme-large", Instant.parse("2024-06-01T00:00:00Z"))
                .name())
        .isEqualTo("acme large 2024");
  }

  @Test
  void priceFor_unanchoredOrgPattern_foundAnywhereInTheName() throws SQLException {
    insertOrgPrice(project.orgId(), "any finetune", "ft:", 7.0, 7.0, "2020-01-01");
    assertThat(table.priceFor(project.id(), "ft:gpt-4o-mini:acme::abc123", NOW).name())
        .isEqualTo("any finetune");
  }

  @Test
  void priceFor_invalidPatternInserted_isIgnored() throws SQLException {
    insertOrgPrice(project.orgId(), "broken", "^(acme", 1.0, 1.0, "2020-01-01");
    insertOrgPrice(project.orgId(), "ok", "^acme", 2.0, 2.0, "2020-01-01");
    assertThat(table.priceFor(project.id(), "acme", NOW).name()).isEqualTo("ok");
  }

  @Test
  @Timeout(60) // unguarded, this pattern backtracks for hours on this name
  void priceFor_catastrophicPattern_treatedAsNoMatchInsteadOfHanging() throws SQLException {
    insertOrgPrice(project.orgId(), "redos", "(.*a){12}$", 1.0, 1.0, "2020-01-01");
    insertOrgPrice(project.orgId(), "fine", "^a", 2.0, 2.0, "2019-01-01");
    String model = "a".repeat(40) + "!";
    assertThat(table.priceFor(project.id(), model, NOW).name()).isEqualTo("fine");
  }

  @Test
  void priceFor_cachedTable_seesInsertOnlyAfterInvalidate() throws SQLException {
    assertThat(table.priceFor(project.id(), "acme-cached", NOW)).isNull();
    insertOrgPrice(project.orgId(), "acme", "^acme-cached$", 1.0, 1.0, "2020-01-01");
    assertThat(table.priceFor(project.id(), "acme-cached", NOW)).isNull();
    table.invalidate();
    assertThat(table.priceFor(project.id(), "acme-cached", NOW).name()).isEqualTo("acme");
  }

  @Test
  void serviceCreate_invalidatesTable_priceUsableAtOnce() throws Exception {
    assertThat(table.priceFor(project.id(), "acme-svc", NOW)).isNull();
    ModelPriceService service = new ModelPriceService(new ModelPriceStore(server.db()), table);
    service.create(
        project.orgId(),
        new ObjectMapper()
            .readTree(
                "{\"name\":\"acme\",\"pattern\":\"^acme-svc$\",\"unit\":\"TOKENS\","
                    + "\"inputCost\":3,\"outputCost\":6}"));
    LlmUsage usage = new LlmUsage("acme-svc", NOW, 1_000_000, 1_000_000, 0, null, null, 10);
    assertThat(table.cost(project.id(), usage)).isEqualTo(9.0);
  }

  @Test
  void priceFor_unknownProject_usesGlobalRows() {
    assertThat(table.priceFor(UUID.randomUUID(), "gpt-4o-mini", NOW).name())
        .isEqualTo("gpt-4o-mini");
  }

  private void insertOrgPrice(
      UUID org, String name, String pattern, double input, double output, String since)
      throws SQLException {
    try (Connection c = server.db().getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "insert into model_price (name, pattern, unit, input_cost, output_cost, org_id,"
                    + " start_date) values (?, ?, 'TOKENS', ?, ?, ?, ?::timestamptz)")) {
      ps.setString(1, name);
      ps.setString(2, pattern);
      ps.setDouble(3, input);
      ps.setDouble(4, output);
      ps.setObject(5, org);
      ps.setString(6, since);
      ps.executeUpdate();
    }
  }
}
