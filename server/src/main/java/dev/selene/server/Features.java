package dev.selene.server;

import dev.selene.server.analytics.AnalyticsFeature;
import dev.selene.server.db.Database;
import dev.selene.server.health.HealthFeature;
import dev.selene.server.ingest.IngestFeature;
import dev.selene.server.pricing.Pricing;
import dev.selene.server.pricing.TokenCounter;
import java.util.ArrayList;
import java.util.List;

/**
 * The list of features the server serves. Each feature registers its own routes; background parts
 * they start are added to {@code closeables} so shutdown stops them in reverse order.
 */
final class Features {
  private Features() {}

  static List<Feature> all(Services services, Database database, List<AutoCloseable> closeables) {
    // Replaced by the model price table and the tiktoken counter when pricing lands.
    Pricing pricing = (project, usage) -> null;
    TokenCounter tokens =
        new TokenCounter() {
          @Override
          public int countPrompt(
              String model,
              com.fasterxml.jackson.databind.JsonNode input,
              com.fasterxml.jackson.databind.JsonNode params) {
            return 0;
          }

          @Override
          public int countCompletion(String model, com.fasterxml.jackson.databind.JsonNode output) {
            return 0;
          }
        };
    IngestFeature ingest = new IngestFeature(services, pricing, tokens);
    closeables.add(ingest.pipeline());

    List<Feature> features = new ArrayList<>();
    features.add(new HealthFeature(database));
    features.add(ingest);
    AnalyticsFeature analytics = new AnalyticsFeature(services);
    closeables.add(analytics.rollups());
    features.add(analytics);
    return features;
  }
}
