package io.switchboard.crud.tenant;

import io.switchboard.crud.http.Versioned;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import java.util.Arrays;
import java.util.List;

/**
 * The caller's tenant: its name, free-form settings and the modules it has switched on.
 *
 * @param id the {@code tid} of its tokens
 * @param name display name
 * @param settings free-form JSON object of the tenant's own settings
 * @param modules the modules switched on, a subset of {@link Modules#ALL}
 * @param version incremented by every edit
 */
public record Tenant(
    String id, String name, JsonObject settings, List<String> modules, long version)
    implements Versioned {

  /** The tenant a row does not exist for yet: what the first write will create. */
  static Tenant unsaved(String id) {
    return new Tenant(id, id, new JsonObject(), Modules.ALL, 1);
  }

  /** The tenant in a row of {@link TenantSql#COLUMNS}. */
  static Tenant of(Row row) {
    return new Tenant(
        row.getString("id"),
        row.getString("name"),
        (JsonObject) row.getJson("settings"),
        List.copyOf(Arrays.asList(row.getArrayOfStrings("modules"))),
        row.getLong("version"));
  }

  /** The JSON representation of the API. */
  public JsonObject toJson() {
    return new JsonObject()
        .put("id", id)
        .put("name", name)
        .put("settings", settings.copy())
        .put("modules", new JsonArray(modules))
        .put("version", version);
  }
}
