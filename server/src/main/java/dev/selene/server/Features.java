package dev.selene.server;

import dev.selene.server.db.Database;
import dev.selene.server.health.HealthFeature;
import dev.selene.server.users.UsersFeature;
import java.util.List;

/**
 * The list of features the server serves. Each feature registers its own routes; background parts
 * they start are added to {@code closeables} so shutdown stops them in reverse order.
 */
final class Features {
  private Features() {}

  static List<Feature> all(Services services, Database database, List<AutoCloseable> closeables) {
    return List.of(new HealthFeature(database), new UsersFeature(services));
  }
}
