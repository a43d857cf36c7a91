package dev.selene.server.ingest;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Collection;

/**
 * How a batch's run patches reach the upsert statements: as the rows of a CTE named {@code src}
 * with {@link UpsertRuns}' columns, read through the statement's first parameter.
 */
interface RunSource {
  /** {@code with src as (...)}, selecting the patches that {@link #bind} makes readable. */
  String cte();

  /** Makes the patches readable to a statement that starts with {@link #cte()}. */
  void bind(Connection c, PreparedStatement statement, Collection<RunPatch> patches)
      throws SQLException;
}
