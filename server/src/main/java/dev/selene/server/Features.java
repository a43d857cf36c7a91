package dev.selene.server;

import dev.selene.server.analytics.AnalyticsFeature;
import dev.selene.server.db.Database;
import dev.selene.server.health.HealthFeature;
import dev.selene.server.ingest.IngestFeature;
import dev.selene.server.ingest.KnownUsers;
import dev.selene.server.langwatch.LangWatchFeature;
import dev.selene.server.langwatch.TraceEvents;
import dev.selene.server.otlp.OtlpFeature;
import dev.selene.server.playground.PlaygroundFeature;
import dev.selene.server.pricing.ModelPriceTable;
import dev.selene.server.pricing.ModelsFeature;
import dev.selene.server.pricing.TiktokenCounter;
import dev.selene.server.runs.RunsFeature;
import dev.selene.server.templates.TemplatesFeature;
import dev.selene.server.users.UsersFeature;
import java.util.ArrayList;
import java.util.List;

/**
 * The list of features the server serves. Each feature registers its own routes; background parts
 * they start are added to {@code closeables} so shutdown stops them in reverse order.
 */
final class Features {
  private Features() {}

  static List<Feature> all(Services services, Database database, List<AutoCloseable> closeables) {
    // One price table per process: ingest prices from it, /v1/models invalidates it on writes.
    ModelPriceTable prices = new ModelPriceTable(services.db());
    // One cache of end-user ids per process: ingest reads it, erasing a user clears it.
    KnownUsers knownUsers = new KnownUsers();
    IngestFeature ingest = new IngestFeature(services, prices, new TiktokenCounter(), knownUsers);
    closeables.add(ingest.pipeline());
    TraceEvents traceEvents = new TraceEvents(services.db(), ingest.pipeline(), services.json());
    OtlpFeature otlp = new OtlpFeature(services, ingest.pipeline(), traceEvents);
    LangWatchFeature langwatch =
        new LangWatchFeature(services, ingest.pipeline(), traceEvents, otlp.spans());
    // Closed after the pipeline has drained: they complete the requests it commits.
    closeables.add(0, otlp);
    closeables.add(0, langwatch);
    closeables.add(otlp.receivers()); // gRPC stops taking calls before the pipeline drains
    TemplatesFeature templates = new TemplatesFeature(services);
    PlaygroundFeature playground =
        new PlaygroundFeature(services, templates.versions(), ingest.pipeline());
    closeables.add(playground);

    List<Feature> features = new ArrayList<>();
    features.add(new HealthFeature(database));
    features.add(ingest);
    features.add(new ModelsFeature(services, prices));
    features.add(otlp);
    features.add(langwatch);
    features.add(new RunsFeature(services));
    features.add(templates);
    features.add(playground);
    features.add(new UsersFeature(services, knownUsers));
    AnalyticsFeature analytics =
        new AnalyticsFeature(
            services, database.backgroundDataSource(), ingest.pipeline()::saturated);
    closeables.add(analytics.rollups());
    features.add(analytics);
    return features;
  }
}
