package io.switchboard.crud.kb;

import io.switchboard.crud.http.Versioned;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/**
 * One knowledge-base article.
 *
 * @param id primary key
 * @param title headline
 * @param body the article text
 * @param tags free-form tags
 * @param locale language, e.g. {@code en} or {@code pt-BR}
 * @param published whether customers may read it
 * @param createdAt when it was created
 * @param updatedAt when it last changed, the list order
 * @param version incremented by every edit; the ETag
 */
public record KbArticle(
    UUID id,
    String title,
    String body,
    List<String> tags,
    String locale,
    boolean published,
    OffsetDateTime createdAt,
    OffsetDateTime updatedAt,
    long version)
    implements Versioned {

  /** The article in a row of {@link KbArticleSql#COLUMNS}. */
  static KbArticle of(Row row) {
    return new KbArticle(
        row.getUUID("id"),
        row.getString("title"),
        row.getString("body"),
        List.copyOf(Arrays.asList(row.getArrayOfStrings("tags"))),
        row.getString("locale"),
        row.getBoolean("published"),
        row.getOffsetDateTime("created_at"),
        row.getOffsetDateTime("updated_at"),
        row.getLong("version"));
  }

  /** The JSON representation of the API. */
  public JsonObject toJson() {
    return new JsonObject()
        .put("id", id.toString())
        .put("title", title)
        .put("body", body)
        .put("tags", new JsonArray(tags))
        .put("locale", locale)
        .put("published", published)
        .put("created_at", createdAt.toInstant().toString())
        .put("updated_at", updatedAt.toInstant().toString())
        .put("version", version);
  }
}
