package dev.selene.server.pricing;

import com.fasterxml.jackson.databind.JsonNode;
import dev.selene.server.http.ApiException;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * An organisation's model prices: it sees its own and the global rows, and changes only its own.
 * Every change drops this process's cached price table so the next priced run uses it.
 */
final class ModelPriceService {
  private final ModelPriceStore store;
  private final ModelPriceTable table;

  ModelPriceService(ModelPriceStore store, ModelPriceTable table) {
    this.store = store;
    this.table = table;
  }

  List<ModelPrice> list(UUID orgId) {
    return store.visibleTo(orgId);
  }

  ModelPrice create(UUID orgId, JsonNode body) {
    ModelPrice created = store.insert(orgId, ModelPriceInput.forCreate(body));
    table.invalidate();
    return created;
  }

  ModelPrice update(UUID orgId, UUID id, JsonNode body) {
    Map<ModelPriceField, Object> changes = ModelPriceInput.forUpdate(body);
    ModelPrice current = ownRow(orgId, id);
    if (changes.isEmpty()) {
      return current;
    }
    ModelPrice updated = store.update(orgId, id, changes).orElseThrow(() -> notFound(id));
    table.invalidate();
    return updated;
  }

  void delete(UUID orgId, UUID id) {
    ownRow(orgId, id);
    if (!store.delete(orgId, id)) {
      throw notFound(id);
    }
    table.invalidate();
  }

  /** The org's own row; 403 for a global row, 404 for a missing one or another org's. */
  private ModelPrice ownRow(UUID orgId, UUID id) {
    ModelPrice row = store.find(id).orElseThrow(() -> notFound(id));
    if (row.isGlobal()) {
      throw ApiException.forbidden(
          "Model price "
              + id
              + " is a global default and cannot be changed: create a price with the same"
              + " pattern for your organisation, it takes precedence");
    }
    if (!orgId.equals(row.orgId())) {
      throw notFound(id);
    }
    return row;
  }

  private static ApiException notFound(UUID id) {
    return ApiException.notFound("Model price " + id + " not found");
  }
}
