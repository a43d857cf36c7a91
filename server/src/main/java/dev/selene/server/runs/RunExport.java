package dev.selene.server.runs;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.selene.server.runs.filter.SqlFragment;
import java.io.IOException;
import java.io.OutputStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * Streams every run a filter selects, in list order, straight from a PostgreSQL cursor to the
 * response: PgJDBC only uses a server-side cursor when autocommit is off and a fetch size is set,
 * so memory stays constant however many runs there are.
 */
final class RunExport {
  static final int FETCH_SIZE = 500;

  private final DataSource db;
  private final ObjectMapper json;

  RunExport(DataSource db, ObjectMapper json) {
    this.db = db;
    this.json = json;
  }

  /**
   * Runs the query, then calls {@code begin} (to set response headers) right before the first byte
   * is written, so a failing query can still be answered with an error status.
   */
  void stream(
      UUID project,
      RunListRequest request,
      ExportFormat format,
      Runnable begin,
      OutputStreamSupplier out)
      throws SQLException, IOException {
    SqlFragment filter = request.filter().toSql("r", project);
    try (Connection c = db.getConnection()) {
      c.setAutoCommit(false);
      try (PreparedStatement ps =
          c.prepareStatement(
              RunQueries.listSql(request, filter, false),
              ResultSet.TYPE_FORWARD_ONLY,
              ResultSet.CONCUR_READ_ONLY)) {
        ps.setFetchSize(FETCH_SIZE);
        RunQueries.bindListWhere(ps, project, request, filter);
        try (ResultSet rs = ps.executeQuery()) {
          begin.run();
          try (RunRowWriter writer = RunRowWriter.open(format, out.get(), json)) {
            while (rs.next()) {
              writer.write(RunFormatter.format(rs, RunFormatter.Shape.EXPORT, false));
            }
          }
        }
      } finally {
        c.rollback(); // read-only: nothing to keep; ends the cursor's transaction
        c.setAutoCommit(true);
      }
    }
  }

  /** The response body, opened only once headers are final. */
  interface OutputStreamSupplier {
    OutputStream get() throws IOException;
  }
}
