package io.switchboard.hub.api;

import com.google.protobuf.ByteString;
import io.switchboard.hub.history.ChannelHistory;
import io.switchboard.hub.presence.PresenceEntry;
import io.switchboard.platform.auth.BearerAuthHandler;
import io.switchboard.platform.error.ProblemMapper;
import io.switchboard.protos.hub.v1.HistoryRequest;
import io.switchboard.protos.hub.v1.HistoryResult;
import io.switchboard.protos.hub.v1.Publication;
import io.switchboard.protos.hub.v1.StreamPosition;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * The server API over HTTP: {@code POST /api/v1/hub/<operation>} with a JSON body, answered with
 * JSON or problem+json. The bodies are checked here, field by field, as the OpenAPI document
 * describes them.
 */
public final class HubApiRoutes {

  /** Where the operations live. */
  public static final String BASE = "/api/v1/hub/";

  private static final Set<String> CHANNEL = Set.of("channel");
  private static final Set<String> PUBLISH = Set.of("channel", "data");
  private static final Set<String> BROADCAST = Set.of("channels", "data");
  private static final Set<String> HISTORY = Set.of("channel", "limit", "since", "reverse");
  private static final Set<String> POSITION = Set.of("offset", "epoch");
  private static final Set<String> DISCONNECT = Set.of("user", "client", "code", "reason");

  /** Largest close code the body may name; what the hub accepts is narrower, see HubApi. */
  private static final long MAX_CLOSE_CODE = 4999;

  private final HubApi api;
  private final BearerAuthHandler auth;

  public HubApiRoutes(HubApi api, BearerAuthHandler auth) {
    this.api = api;
    this.auth = auth;
  }

  /** Adds the operations to {@code router}, which must already parse bodies under /api. */
  public void mount(Router router) {
    operation(router, "publish", this::publish);
    operation(router, "broadcast", this::broadcast);
    operation(router, "presence", this::presence);
    operation(router, "presence_stats", this::presenceStats);
    operation(router, "history", this::history);
    operation(router, "disconnect", this::disconnect);
  }

  private void operation(
      Router router, String name, Function<RoutingContext, Future<JsonObject>> work) {
    router.post(BASE + name).handler(auth).handler(HubApi.CALLERS).handler(answer(work));
  }

  private static Handler<RoutingContext> answer(Function<RoutingContext, Future<JsonObject>> work) {
    return ctx -> {
      Future<JsonObject> result;
      try {
        result = work.apply(ctx);
      } catch (RuntimeException refused) {
        result = Future.failedFuture(refused);
      }
      result.onComplete(
          done -> {
            if (done.failed()) {
              ctx.fail(done.cause());
              return;
            }
            ctx.response()
                .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                .end(done.result().encode());
          });
    };
  }

  private Future<JsonObject> publish(RoutingContext ctx) {
    JsonBody body = JsonBody.of(ctx.body().buffer(), PUBLISH);
    return api.publish(
            BearerAuthHandler.caller(ctx), body.string("channel", true), body.object("data"))
        .map(HubApi.Published::toJson);
  }

  private Future<JsonObject> broadcast(RoutingContext ctx) {
    JsonBody body = JsonBody.of(ctx.body().buffer(), BROADCAST);
    List<String> channels = body.strings("channels");
    return api.broadcast(BearerAuthHandler.caller(ctx), channels, body.object("data"))
        .map(
            outcomes -> {
              JsonArray responses = new JsonArray();
              for (HubApi.Outcome outcome : outcomes) {
                JsonObject one = new JsonObject().put("channel", outcome.channel());
                responses.add(
                    outcome.error() == null
                        ? one.put("result", outcome.result().toJson())
                        : one.put("error", ProblemMapper.problem(outcome.error(), null)));
              }
              return new JsonObject().put("responses", responses);
            });
  }

  private Future<JsonObject> presence(RoutingContext ctx) {
    JsonBody body = JsonBody.of(ctx.body().buffer(), CHANNEL);
    return api.presence(BearerAuthHandler.caller(ctx), body.string("channel", true))
        .map(
            entries -> {
              JsonObject clients = new JsonObject();
              for (PresenceEntry entry : entries) {
                clients.put(
                    entry.clientId(),
                    new JsonObject()
                        .put("user", entry.userId())
                        .put("client", entry.clientId())
                        .put("conn_info", entry.info()));
              }
              return new JsonObject().put("clients", clients);
            });
  }

  private Future<JsonObject> presenceStats(RoutingContext ctx) {
    JsonBody body = JsonBody.of(ctx.body().buffer(), CHANNEL);
    return api.presenceStats(BearerAuthHandler.caller(ctx), body.string("channel", true))
        .map(
            stats ->
                new JsonObject()
                    .put("num_clients", stats.numClients())
                    .put("num_users", stats.numUsers()));
  }

  private Future<JsonObject> history(RoutingContext ctx) {
    JsonBody body = JsonBody.of(ctx.body().buffer(), HISTORY);
    HistoryRequest.Builder request =
        HistoryRequest.newBuilder()
            .setChannel(body.string("channel", true))
            .setLimit((int) body.integer("limit", 0, ChannelHistory.MAX_HISTORY, 0))
            .setReverse(body.bool("reverse"));
    JsonBody since = body.nested("since", POSITION);
    if (since != null) {
      request.setSince(
          StreamPosition.newBuilder()
              .setOffset(since.integer("offset", 0, Long.MAX_VALUE, 0))
              .setEpoch(nullToEmpty(since.string("epoch", false))));
    }
    return api.history(BearerAuthHandler.caller(ctx), request.build())
        .map(HubApiRoutes::historyJson);
  }

  private Future<JsonObject> disconnect(RoutingContext ctx) {
    JsonBody body = JsonBody.of(ctx.body().buffer(), DISCONNECT);
    return api.disconnect(
            BearerAuthHandler.caller(ctx),
            body.string("user", true),
            body.string("client", false),
            (int) body.integer("code", 0, MAX_CLOSE_CODE, 0),
            body.string("reason", false))
        .map(done -> new JsonObject());
  }

  private static JsonObject historyJson(HistoryResult result) {
    JsonArray publications = new JsonArray();
    for (Publication publication : result.getPublicationsList()) {
      publications.add(
          new JsonObject()
              .put("data", json(publication.getData()))
              .put("offset", publication.getOffset())
              .put(
                  "info",
                  new JsonObject()
                      .put("user", publication.getInfo().getUser())
                      .put("client", publication.getInfo().getClient())));
    }
    return new JsonObject()
        .put("publications", publications)
        .put("offset", result.getOffset())
        .put("epoch", result.getEpoch());
  }

  // Publications hold JSON; anything else is a bug upstream, answered as a 500 by the mapper.
  private static Object json(ByteString data) {
    try {
      return Json.decodeValue(data.toStringUtf8());
    } catch (DecodeException e) {
      throw new IllegalStateException("a publication's data is not JSON", e);
    }
  }

  private static String nullToEmpty(String value) {
    return value == null ? "" : value;
  }
}
