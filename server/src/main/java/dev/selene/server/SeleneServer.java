package dev.selene.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.selene.server.auth.ApiKeyStore;
import dev.selene.server.auth.Authenticator;
import dev.selene.server.auth.SessionVerifier;
import dev.selene.server.bootstrap.Bootstrap;
import dev.selene.server.config.SeleneConfig;
import dev.selene.server.db.Database;
import dev.selene.server.http.Cors;
import dev.selene.server.http.ErrorResponses;
import dev.selene.server.http.Json;
import io.javalin.Javalin;
import io.javalin.json.JavalinJackson;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The composition root: opens the database, bootstraps it, wires the features and starts HTTP.
 * {@link #close()} is the graceful shutdown: stop accepting, let in-flight requests finish (their
 * events are committed by the ingest pipeline), drain what is queued, then close the database.
 */
public final class SeleneServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(SeleneServer.class);

  private final Database database;
  private final List<AutoCloseable> closeables;
  private final Javalin http;
  private final UUID defaultProjectId;
  private final Services services;
  private volatile boolean closed;

  private SeleneServer(
      Database database,
      Services services,
      List<AutoCloseable> closeables,
      Javalin http,
      UUID defaultProjectId) {
    this.database = database;
    this.services = services;
    this.closeables = closeables;
    this.http = http;
    this.defaultProjectId = defaultProjectId;
  }

  public static SeleneServer start(SeleneConfig config) {
    long started = System.nanoTime();
    log.info("Starting Selene: {}", config.summary());
    Database database = Database.open(config.database());
    try {
      ObjectMapper json = Json.mapper(config.ingest());
      Services services = new Services(config, database.dataSource(), json);
      UUID project = new Bootstrap(database.dataSource(), config.bootstrap()).run();
      List<AutoCloseable> closeables = new ArrayList<>();
      List<Feature> features = Features.all(services, database, closeables);
      Authenticator authenticator =
          new Authenticator(new ApiKeyStore(database.dataSource()), new SessionVerifier());
      Javalin http =
          Javalin.create(
              cfg -> {
                cfg.jsonMapper(new JavalinJackson(json, false));
                cfg.http.maxRequestSize = config.ingest().maxBodyBytes();
                cfg.router.ignoreTrailingSlashes = true;
                cfg.startup.showJavalinBanner = false;
                cfg.jetty.modifyServer(
                    server -> {
                      server.setStopTimeout(15_000);
                      server.insertHandler(new GracefulHandler());
                    });
                Cors.register(cfg.routes);
                authenticator.register(cfg.routes);
                ErrorResponses.register(cfg.routes);
                features.forEach(f -> f.routes(cfg.routes));
              });
      http.start(config.port());
      log.info(
          "Selene listening on port {} (started in {} ms)",
          http.port(),
          (System.nanoTime() - started) / 1_000_000);
      return new SeleneServer(database, services, closeables, http, project);
    } catch (RuntimeException e) {
      database.close();
      throw e;
    }
  }

  public int port() {
    return http.port();
  }

  public UUID defaultProjectId() {
    return defaultProjectId;
  }

  public DataSource dataSource() {
    return database.dataSource();
  }

  public Services services() {
    return services;
  }

  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    log.info("Shutting down: no new requests, draining the ingest queue");
    http.stop();
    for (int i = closeables.size() - 1; i >= 0; i--) {
      try {
        closeables.get(i).close();
      } catch (Exception e) {
        log.warn("Error while closing {}", closeables.get(i), e);
      }
    }
    database.close();
    log.info("Selene stopped");
  }
}
