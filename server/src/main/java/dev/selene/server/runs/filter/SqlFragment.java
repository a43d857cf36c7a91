package dev.selene.server.runs.filter;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;

/**
 * A piece of SQL with {@code ?} placeholders and the values to bind to them, in order. Values are
 * plain JDBC scalars ({@link String}, {@link Long}, {@link java.math.BigDecimal}, {@link
 * java.time.OffsetDateTime}); JSON values are strings the SQL casts with {@code ::jsonb}.
 */
public record SqlFragment(String sql, List<Object> parameters) {
  public SqlFragment {
    parameters = List.copyOf(parameters);
  }

  /**
   * Binds the parameters to {@code statement} starting at placeholder {@code firstIndex}.
   *
   * @return the index of the next placeholder after this fragment's
   */
  public int bind(PreparedStatement statement, int firstIndex) throws SQLException {
    int index = firstIndex;
    for (Object value : parameters) {
      statement.setObject(index++, value);
    }
    return index;
  }
}
