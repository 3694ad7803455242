package io.switchboard.ai.assist;

import io.switchboard.ai.bot.ChatBot;
import io.switchboard.platform.auth.Caller;
import io.switchboard.platform.crud.CrudClient;
import io.switchboard.platform.error.ModuleDisabled;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.RedisAPI;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Leaves a summary as a private note when a conversation is resolved, for whoever reads it next. A
 * conversation resolved again with nothing said since (a label added, say) gets no second note:
 * Redis keeps the offset of the last note per conversation, and the note itself is the newest
 * message, so it also never summarises itself.
 */
public final class ResolveSummaries {

  /** Prefix of the note, so agents tell it from their colleagues' notes. */
  static final String PREFIX = "Summary (AI): ";

  private static final String KEEP_SECONDS = String.valueOf(30L * 24 * 3600);

  private static final Logger LOG = LoggerFactory.getLogger(ResolveSummaries.class);

  private final CrudClient crud;
  private final RedisAPI redis;
  private final AssistService assist;

  public ResolveSummaries(CrudClient crud, RedisAPI redis, AssistService assist) {
    this.crud = crud;
    this.redis = redis;
    this.assist = assist;
  }

  /** Handles {@code conversation}, as a {@code conversation.updated} event carried it. */
  public Future<Void> onUpdated(String tenant, JsonObject conversation) {
    if (!"resolved".equals(conversation.getString("status"))
        || !(conversation.getValue("id") instanceof String id)
        || !(conversation.getValue("last_offset") instanceof Number lastOffset)
        || lastOffset.longValue() == 0) {
      return Future.succeededFuture();
    }
    Caller service = ChatBot.service(tenant);
    String key = "ai:{" + tenant + "}:summary:" + id;
    return redis
        .get(key)
        .compose(
            noted -> {
              if (noted != null && Long.parseLong(noted.toString()) >= lastOffset.longValue()) {
                return Future.succeededFuture();
              }
              return assist
                  .summary(service, id)
                  .compose(
                      summary ->
                          crud.append(
                              service,
                              id,
                              PREFIX + summary.getString("summary"),
                              true,
                              "ai-summary-" + id + "-" + lastOffset.longValue()))
                  .compose(
                      stored -> {
                        long offset =
                            stored.getJsonObject("message", new JsonObject()).getLong("offset", 0L);
                        return redis
                            .set(List.of(key, String.valueOf(offset), "EX", KEEP_SECONDS))
                            .<Void>mapEmpty();
                      });
            })
        .recover(
            failed -> {
              if (!(failed instanceof ModuleDisabled)) {
                LOG.warn(
                    "No summary for conversation {} of {}: {}", id, tenant, failed.getMessage());
              }
              return Future.succeededFuture();
            });
  }
}
