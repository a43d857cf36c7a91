package dev.selene.server.runs.filter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.selene.server.http.ApiException;
import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The public entry point other features (analytics, external users) build their queries on. */
class RunFilterTest {
  private final UUID project = UUID.randomUUID();

  @Test
  void parse_keepsKnownChecksInOrder_andIgnoresOtherParameters() {
    RunFilter filter = RunFilter.parse("limit=5&type=llm&projectId=x&models=a,b&page=2");

    assertThat(filter.isEmpty()).isFalse();
    assertThat(filter.isOr()).isFalse();
    assertThat(filter.checkIds()).containsExactly("type", "models");
    assertThat(filter.toSql("r", project).parameters()).containsExactly("llm", "a", "b");
  }

  @Test
  void parse_orPrefix_combinesWithOr() {
    RunFilter filter = RunFilter.parse("OR&status=error&tags=x");

    assertThat(filter.isOr()).isTrue();
    assertThat(filter.toSql("run", project).sql()).contains(") or (").contains("run.status");
  }

  @Test
  void parse_nothingRecognised_isEmptyAndRendersTrue() {
    for (String query : new String[] {null, "", "limit=10", "cost=gt."}) {
      RunFilter filter = RunFilter.parse(query);
      assertThat(filter.isEmpty()).as(query).isTrue();
      assertThat(filter.toSql("r", project))
          .isEqualTo(new SqlFragment("(true)", java.util.List.of()));
    }
  }

  @Test
  void parse_decodesDotsOnceAndListItemsTwice() {
    // a tag containing '.' and ',' as the dashboard sends it, then a number with %2E
    RunFilter filter = RunFilter.parse("tags=a%252Eb%252Cc,d&cost=gte.0%2E25&search=x%2By+z");

    assertThat(filter.toSql("r", project).parameters())
        .containsExactly(
            "a.b,c", "d", new BigDecimal("0.25"), "%x+y z%", "%x+y z%"); // search: input, output
  }

  @Test
  void parse_dateAcceptsInstantsOffsetsAndDays() {
    assertThat(
            RunFilter.parse("date=gt.2025-01-31T10:00:00%2E000Z").toSql("r", project).parameters())
        .containsExactly(OffsetDateTime.parse("2025-01-31T10:00:00Z"));
    assertThat(RunFilter.parse("date=lt.2025-01-31").toSql("r", project).parameters())
        .containsExactly(OffsetDateTime.parse("2025-01-31T00:00Z"));
  }

  @Test
  void toSql_childFeedbackSubquery_bindsTheProject() {
    SqlFragment sql =
        RunFilter.parse("feedback=%257B%2522thumb%2522%253A%2522up%2522%257D").toSql("r", project);

    assertThat(sql.parameters()).contains(project);
    assertThat(sql.sql().chars().filter(c -> c == '?').count()).isEqualTo(sql.parameters().size());
  }

  @Test
  void toSql_rejectsAnythingButAnAlias() {
    assertThatThrownBy(() -> RunFilter.parse("type=llm").toSql("r; drop table run", project))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void parse_malformedCheck_is422NamingIt() {
    assertThatThrownBy(() -> RunFilter.parse("type=llm&tokens=total.gt.many"))
        .isInstanceOfSatisfying(
            ApiException.class,
            e -> {
              assertThat(e.status()).isEqualTo(422);
              assertThat(e.details()).isEqualTo(Map.of("field", "tokens"));
              assertThat(e.getMessage()).contains("tokens").contains("many");
            });
  }
}
