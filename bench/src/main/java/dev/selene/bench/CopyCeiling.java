package dev.selene.bench;

import dev.selene.server.SeleneServer;
import dev.selene.server.config.ConfigLoader;
import java.io.StringReader;
import java.sql.Connection;
import java.util.Map;
import java.util.UUID;
import org.postgresql.PGConnection;

/**
 * The physical ceiling for ingestion on this machine: PostgreSQL's own COPY rate for run-shaped
 * rows (same table, indexes and durability as Selene's embedded database), one transaction per
 * chunk of {@code --chunk} rows, for {@code --rows} rows.
 */
final class CopyCeiling {
  private CopyCeiling() {}

  static void main(String[] args) throws Exception {
    Options o = new Options(args);
    int rows = o.integer("rows", 500_000);
    int chunk = o.integer("chunk", 5_000);
    try (ScratchDir dataDir = ScratchDir.create("selene-copy-");
        SeleneServer server =
            SeleneServer.start(
                ConfigLoader.load(
                    Map.of(
                        "PORT", "0",
                        "SELENE_OTLP_GRPC_PORT", "0",
                        "SELENE_DATA_DIR", dataDir.toString())))) {
      UUID project = server.defaultProjectId();
      try (Connection c = server.dataSource().getConnection()) {
        c.setAutoCommit(false);
        var copy = c.unwrap(PGConnection.class).getCopyAPI();
        long started = System.nanoTime();
        for (int done = 0; done < rows; done += chunk) {
          StringBuilder data = new StringBuilder(chunk * 700);
          for (int i = 0; i < chunk; i++) {
            data.append(project)
                .append('\t')
                .append(UUID.randomUUID())
                .append('\t')
                .append(
                    "2026-11-23 10:00:00+00\t2026-11-23 10:00:01+00\tllm\tgpt-4o\tsuccess\t{bench,weather}\t")
                .append(
                    "[{\"role\": \"user\", \"content\": \"What's the weather in Paris today? Answer briefly.\"}]\t")
                .append(
                    "{\"role\": \"assistant\", \"content\": \"It is sunny and 21 degrees in Paris.\"}\t")
                .append(
                    "{\"temperature\": 0.2, \"maxTokens\": 200}\t{\"env\": \"prod\"}\t31\t12\n");
          }
          copy.copyIn(
              "copy run (project_id, id, created_at, ended_at, type, name, status, tags, input, output,"
                  + " params, metadata, prompt_tokens, completion_tokens) from stdin",
              new StringReader(data.toString()));
          c.commit();
        }
        double secs = (System.nanoTime() - started) / 1e9;
        System.out.printf("copy: rows=%d chunk=%d rows/s=%.0f%n", rows, chunk, rows / secs);
      }
    }
  }
}
