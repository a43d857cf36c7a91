package dev.selene.server.runs;

import dev.selene.server.Feature;
import dev.selene.server.Services;
import io.javalin.config.RoutesConfig;

/**
 * Reading and changing runs under {@code /v1/runs}: the filtered list, count, single run, trace
 * tree, feedback, public share, usage and export, and the feedback, score, tags, visibility and
 * delete changes. Ingestion ({@code POST /v1/runs/ingest}) is its own feature.
 */
public final class RunsFeature implements Feature {
  private final RunReadHandler reads;
  private final RunWriteHandler writes;

  public RunsFeature(Services services) {
    this.reads =
        new RunReadHandler(
            new RunQueries(services.db()), new RunExport(services.db(), services.json()));
    this.writes = new RunWriteHandler(new RunMutations(services.db()), services.json());
  }

  @Override
  public void routes(RoutesConfig routes) {
    // Fixed paths first: Javalin picks the first registered route that matches.
    routes.get("/v1/runs", reads::list);
    routes.get("/v1/runs/count", reads::count);
    routes.get("/v1/runs/usage", reads::usage);
    routes.get("/v1/runs/export", reads::export);
    routes.get("/v1/runs/{id}", reads::get);
    routes.get("/v1/runs/{id}/related", reads::related);
    routes.get("/v1/runs/{id}/feedback", reads::feedback);
    routes.get("/v1/runs/{id}/public", reads::getPublic);
    routes.patch("/v1/runs/{id}/feedback", writes::feedback);
    routes.patch("/v1/runs/{id}/score", writes::score);
    routes.patch("/v1/runs/{id}/tags", writes::tags);
    routes.patch("/v1/runs/{id}/visibility", writes::visibility);
    routes.delete("/v1/runs/{id}", writes::delete);
  }
}
