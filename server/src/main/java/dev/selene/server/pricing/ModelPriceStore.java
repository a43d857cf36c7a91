package dev.selene.server.pricing;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.StringJoiner;
import java.util.UUID;
import javax.sql.DataSource;

/** SQL for the {@code model_price} table. Every write is scoped to the caller's organisation. */
final class ModelPriceStore {
  private static final String COLUMNS =
      "id, name, pattern, unit, input_cost, output_cost, cached_input_cost, tokenizer, provider,"
          + " start_date, org_id, created_at, updated_at";

  private final DataSource db;

  ModelPriceStore(DataSource db) {
    this.db = db;
  }

  /** Every row of every organisation: what the in-memory price index is built from. */
  List<ModelPrice> all() {
    return query("select " + COLUMNS + " from model_price", ps -> {});
  }

  /** The rows an organisation sees: its own and the global ones, most recently changed first. */
  List<ModelPrice> visibleTo(UUID orgId) {
    return query(
        "select "
            + COLUMNS
            + " from model_price where org_id = ? or org_id is null order by updated_at desc, id",
        ps -> ps.setObject(1, orgId));
  }

  Optional<ModelPrice> find(UUID id) {
    return query("select " + COLUMNS + " from model_price where id = ?", ps -> ps.setObject(1, id))
        .stream()
        .findFirst();
  }

  ModelPrice insert(UUID orgId, Map<ModelPriceField, Object> values) {
    StringJoiner columns = new StringJoiner(", ", "org_id, ", "");
    StringJoiner marks = new StringJoiner(", ", "?, ", "");
    values.keySet().forEach(f -> columns.add(f.column));
    values.keySet().forEach(f -> marks.add("?"));
    String sql =
        "insert into model_price (" + columns + ") values (" + marks + ") returning " + COLUMNS;
    return query(
            sql,
            ps -> {
              ps.setObject(1, orgId);
              bind(ps, 2, values);
            })
        .get(0);
  }

  /** Applies a partial update to one of the organisation's own rows; empty when it has none. */
  Optional<ModelPrice> update(UUID orgId, UUID id, Map<ModelPriceField, Object> values) {
    StringJoiner sets = new StringJoiner(", ");
    values.keySet().forEach(f -> sets.add(f.column + " = ?"));
    sets.add("updated_at = now()");
    String sql =
        "update model_price set " + sets + " where id = ? and org_id = ? returning " + COLUMNS;
    return query(
            sql,
            ps -> {
              int next = bind(ps, 1, values);
              ps.setObject(next, id);
              ps.setObject(next + 1, orgId);
            })
        .stream()
        .findFirst();
  }

  /** Deletes one of the organisation's own rows; false when it has no such row. */
  boolean delete(UUID orgId, UUID id) {
    try (Connection c = db.getConnection();
        PreparedStatement ps =
            c.prepareStatement("delete from model_price where id = ? and org_id = ?")) {
      ps.setObject(1, id);
      ps.setObject(2, orgId);
      return ps.executeUpdate() > 0;
    } catch (SQLException e) {
      throw new IllegalStateException("Deleting model price failed", e);
    }
  }

  /** The organisation a project belongs to; empty for an unknown project. */
  Optional<UUID> orgOfProject(UUID projectId) {
    try (Connection c = db.getConnection();
        PreparedStatement ps = c.prepareStatement("select org_id from project where id = ?")) {
      ps.setObject(1, projectId);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(rs.getObject(1, UUID.class)) : Optional.empty();
      }
    } catch (SQLException e) {
      throw new IllegalStateException("Project lookup failed", e);
    }
  }

  private static int bind(PreparedStatement ps, int first, Map<ModelPriceField, Object> values)
      throws SQLException {
    int i = first;
    for (Map.Entry<ModelPriceField, Object> e : values.entrySet()) {
      Object value = e.getValue();
      if (value == null) {
        ps.setNull(i, e.getKey().sqlType);
      } else if (value instanceof ModelUnit unit) {
        ps.setString(i, unit.name());
      } else if (value instanceof Instant instant) {
        ps.setObject(i, instant.atOffset(ZoneOffset.UTC));
      } else {
        ps.setObject(i, value);
      }
      i++;
    }
    return i;
  }

  private interface Binder {
    void bind(PreparedStatement ps) throws SQLException;
  }

  private List<ModelPrice> query(String sql, Binder binder) {
    try (Connection c = db.getConnection();
        PreparedStatement ps = c.prepareStatement(sql)) {
      binder.bind(ps);
      try (ResultSet rs = ps.executeQuery()) {
        List<ModelPrice> rows = new ArrayList<>();
        while (rs.next()) {
          rows.add(row(rs));
        }
        return rows;
      }
    } catch (SQLException e) {
      throw new IllegalStateException("Model price query failed", e);
    }
  }

  private static ModelPrice row(ResultSet rs) throws SQLException {
    return new ModelPrice(
        rs.getObject("id", UUID.class),
        rs.getString("name"),
        rs.getString("pattern"),
        ModelUnit.valueOf(rs.getString("unit")),
        rs.getDouble("input_cost"),
        rs.getDouble("output_cost"),
        rs.getObject("cached_input_cost", Double.class),
        rs.getString("tokenizer"),
        rs.getString("provider"),
        instant(rs.getTimestamp("start_date")),
        rs.getObject("org_id", UUID.class),
        instant(rs.getTimestamp("created_at")),
        instant(rs.getTimestamp("updated_at")));
  }

  private static Instant instant(Timestamp ts) {
    return ts == null ? null : ts.toInstant();
  }
}
