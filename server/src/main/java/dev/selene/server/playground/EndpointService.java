package dev.selene.server.playground;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.selene.server.http.ApiException;
import dev.selene.server.playground.EndpointStore.Row;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Custom endpoints: secrets sealed before they are stored and opened when read. A secret sent back
 * masked (as list responses show it) keeps the stored one, so a form filled from a list can be
 * saved without retyping the secret.
 */
final class EndpointService {
  private static final Logger log = LoggerFactory.getLogger(EndpointService.class);

  private final EndpointStore store;
  private final SecretBox secrets;

  EndpointService(EndpointStore store, SecretBox secrets) {
    this.store = store;
    this.secrets = secrets;
  }

  PlaygroundEndpoint create(UUID project, JsonNode body) {
    EndpointInput in = EndpointInput.forCreate(body);
    if (in.auth() != null && SecretBox.isMask(in.auth().secret())) {
      throw maskedSecret(in.auth());
    }
    return open(
        store.insert(
            project,
            in.name(),
            in.url(),
            seal(project, in.auth()),
            in.headers(),
            in.defaultPayload()));
  }

  List<PlaygroundEndpoint> list(UUID project) {
    return store.list(project).stream().map(this::open).toList();
  }

  PlaygroundEndpoint get(UUID project, UUID id) {
    return open(store.find(project, id).orElseThrow(EndpointService::notFound));
  }

  PlaygroundEndpoint update(UUID project, UUID id, JsonNode body) {
    EndpointInput in = EndpointInput.forUpdate(body);
    Row current = store.find(project, id).orElseThrow(EndpointService::notFound);
    JsonNode auth = current.auth();
    if (in.authGiven()) {
      auth = sealOrKeep(project, in.auth(), current.auth());
    }
    Row merged =
        new Row(
            id,
            project,
            in.name() == null ? current.name() : in.name(),
            in.url() == null ? current.url() : in.url(),
            auth,
            in.headers() == null ? current.headers() : in.headers(),
            in.defaultPayload() == null ? current.defaultPayload() : in.defaultPayload(),
            current.createdAt(),
            current.updatedAt());
    return open(store.update(merged).orElseThrow(EndpointService::notFound));
  }

  void delete(UUID project, UUID id) {
    if (!store.delete(project, id)) {
      throw notFound();
    }
  }

  private JsonNode sealOrKeep(UUID project, EndpointAuth given, JsonNode stored) {
    if (given == null || !SecretBox.isMask(given.secret())) {
      return seal(project, given);
    }
    if (stored == null || !given.type().equals(stored.path("type").asText())) {
      throw maskedSecret(given);
    }
    ObjectNode kept = given.toJson(null);
    kept.set(given.secretField(), stored.get(given.secretField()));
    return kept;
  }

  private JsonNode seal(UUID project, EndpointAuth auth) {
    return auth == null ? null : auth.toJson(secrets.seal(project, auth.secret()));
  }

  private PlaygroundEndpoint open(Row r) {
    EndpointAuth auth = null;
    if (r.auth() != null && r.auth().isObject()) {
      String field = EndpointAuth.fromJson(r.auth(), null).secretField();
      String secret = secrets.open(r.projectId(), r.auth().path(field).asText(null)).orElse(null);
      if (secret == null) {
        log.warn(
            "The secret of playground endpoint {} cannot be decrypted: SELENE_SECRET_KEY (or"
                + " JWT_SECRET) changed since it was saved; re-enter it",
            r.id());
      }
      auth = EndpointAuth.fromJson(r.auth(), secret);
    }
    return new PlaygroundEndpoint(
        r.id(),
        r.projectId(),
        r.name(),
        r.url(),
        auth,
        r.headers(),
        r.defaultPayload(),
        r.createdAt(),
        r.updatedAt());
  }

  static ApiException notFound() {
    return ApiException.notFound("Endpoint not found");
  }

  private static ApiException maskedSecret(EndpointAuth auth) {
    return ApiException.invalid(
        "auth." + auth.secretField(),
        "is a masked value; send the secret itself (a masked value only keeps the stored secret"
            + " of the same auth type)");
  }
}
