package io.switchboard.hub.api;

import com.google.protobuf.ByteString;
import com.google.protobuf.Message;
import io.switchboard.hub.presence.PresenceEntry;
import io.switchboard.platform.auth.Caller;
import io.switchboard.platform.auth.TokenVerifier;
import io.switchboard.platform.error.GrpcStatusMapper;
import io.switchboard.platform.error.Invalid;
import io.switchboard.platform.grpc.GrpcCalls;
import io.switchboard.protos.hub.v1.ApiBroadcastRequest;
import io.switchboard.protos.hub.v1.ApiBroadcastResponse;
import io.switchboard.protos.hub.v1.ApiBroadcastResult;
import io.switchboard.protos.hub.v1.ApiDisconnectRequest;
import io.switchboard.protos.hub.v1.ApiDisconnectResponse;
import io.switchboard.protos.hub.v1.ApiError;
import io.switchboard.protos.hub.v1.ApiHistoryRequest;
import io.switchboard.protos.hub.v1.ApiHistoryResponse;
import io.switchboard.protos.hub.v1.ApiPresenceRequest;
import io.switchboard.protos.hub.v1.ApiPresenceResponse;
import io.switchboard.protos.hub.v1.ApiPresenceStatsRequest;
import io.switchboard.protos.hub.v1.ApiPresenceStatsResponse;
import io.switchboard.protos.hub.v1.ApiPublishRequest;
import io.switchboard.protos.hub.v1.ApiPublishResponse;
import io.switchboard.protos.hub.v1.ClientInfo;
import io.switchboard.protos.hub.v1.HistoryRequest;
import io.switchboard.protos.hub.v1.HubApiServiceGrpcService;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.grpc.common.ServiceMethod;
import io.vertx.grpc.server.GrpcServer;
import io.vertx.grpc.server.GrpcServerOptions;
import io.vertx.grpc.server.GrpcServerRequest;
import java.util.function.BiFunction;
import java.util.function.UnaryOperator;

/**
 * The server API over gRPC, {@code switchboard.hub.v1.HubApiService}, on the node's HTTP port next
 * to the other roles' services: every call carries {@code authorization: Bearer <jwt>} metadata of
 * a service or admin, failures are statuses {@link GrpcStatusMapper} gives.
 */
public final class HubApiGrpc {

  /** The proto package of the hub's services. */
  public static final String PROTO_PACKAGE = "switchboard.hub.v1";

  /** Largest request message: a broadcast of 100 channels with a sizeable JSON object fits. */
  public static final long MAX_MESSAGE_BYTES = 1024 * 1024;

  private final GrpcServer server;
  private final HubApi api;
  private final TokenVerifier tokens;

  public HubApiGrpc(Vertx vertx, HubApi api, TokenVerifier tokens) {
    this.server =
        GrpcServer.server(vertx, new GrpcServerOptions().setMaxMessageSize(MAX_MESSAGE_BYTES));
    this.api = api;
    this.tokens = tokens;
    bind(HubApiServiceGrpcService.Publish, this::publish);
    bind(HubApiServiceGrpcService.Broadcast, this::broadcast);
    bind(HubApiServiceGrpcService.Presence, this::presence);
    bind(HubApiServiceGrpcService.PresenceStats, this::presenceStats);
    bind(HubApiServiceGrpcService.History, this::history);
    bind(HubApiServiceGrpcService.Disconnect, this::disconnect);
  }

  /** Adds the route of the hub's gRPC calls to {@code router}. */
  public void mount(Router router) {
    GrpcCalls.route(router, server, PROTO_PACKAGE);
  }

  private <Req extends Message, Resp> void bind(
      ServiceMethod<Req, Resp> method, BiFunction<Caller, Req, Future<Resp>> work) {
    server.callHandler(method, request -> handle(request, work));
  }

  private <Req extends Message, Resp> void handle(
      GrpcServerRequest<Req, Resp> request, BiFunction<Caller, Req, Future<Resp>> work) {
    GrpcCalls.serve(
        request,
        tokens,
        (caller, message) -> {
          HubApi.CALLERS.check(caller);
          return work.apply(caller, message);
        },
        UnaryOperator.identity());
  }

  private Future<ApiPublishResponse> publish(Caller caller, ApiPublishRequest request) {
    return api.publish(caller, request.getChannel(), data(request.getData()))
        .map(HubApiGrpc::published);
  }

  private Future<ApiBroadcastResponse> broadcast(Caller caller, ApiBroadcastRequest request) {
    return api.broadcast(caller, request.getChannelsList(), data(request.getData()))
        .map(
            outcomes -> {
              ApiBroadcastResponse.Builder response = ApiBroadcastResponse.newBuilder();
              for (HubApi.Outcome outcome : outcomes) {
                ApiBroadcastResult.Builder one =
                    ApiBroadcastResult.newBuilder().setChannel(outcome.channel());
                if (outcome.error() == null) {
                  one.setResult(published(outcome.result()));
                } else {
                  GrpcStatusMapper.Mapped mapped =
                      GrpcStatusMapper.map(outcome.error(), "Broadcast");
                  one.setError(
                      ApiError.newBuilder()
                          .setCode(mapped.status().code)
                          .setMessage(mapped.message()));
                }
                response.addResponses(one);
              }
              return response.build();
            });
  }

  private Future<ApiPresenceResponse> presence(Caller caller, ApiPresenceRequest request) {
    return api.presence(caller, request.getChannel())
        .map(
            entries -> {
              ApiPresenceResponse.Builder response = ApiPresenceResponse.newBuilder();
              for (PresenceEntry entry : entries) {
                response.putClients(
                    entry.clientId(),
                    ClientInfo.newBuilder()
                        .setUser(entry.userId())
                        .setClient(entry.clientId())
                        .setConnInfo(ByteString.copyFromUtf8(entry.info().encode()))
                        .build());
              }
              return response.build();
            });
  }

  private Future<ApiPresenceStatsResponse> presenceStats(
      Caller caller, ApiPresenceStatsRequest request) {
    return api.presenceStats(caller, request.getChannel())
        .map(
            stats ->
                ApiPresenceStatsResponse.newBuilder()
                    .setNumClients(stats.numClients())
                    .setNumUsers(stats.numUsers())
                    .build());
  }

  private Future<ApiHistoryResponse> history(Caller caller, ApiHistoryRequest request) {
    HistoryRequest.Builder history =
        HistoryRequest.newBuilder()
            .setChannel(request.getChannel())
            .setLimit(request.getLimit())
            .setReverse(request.getReverse());
    if (request.hasSince()) {
      history.setSince(request.getSince());
    }
    return api.history(caller, history.build())
        .map(
            result ->
                ApiHistoryResponse.newBuilder()
                    .addAllPublications(result.getPublicationsList())
                    .setOffset(result.getOffset())
                    .setEpoch(result.getEpoch())
                    .build());
  }

  private Future<ApiDisconnectResponse> disconnect(Caller caller, ApiDisconnectRequest request) {
    return api.disconnect(
            caller, request.getUser(), request.getClient(), request.getCode(), request.getReason())
        .map(done -> ApiDisconnectResponse.getDefaultInstance());
  }

  private static ApiPublishResponse published(HubApi.Published published) {
    ApiPublishResponse.Builder response =
        ApiPublishResponse.newBuilder().setOffset(published.offset()).setEpoch(published.epoch());
    if (published.id() != null) {
      response.setId(published.id()).setCreated(published.created());
    }
    return response.build();
  }

  private static JsonObject data(ByteString bytes) {
    Object value;
    try {
      value = Json.decodeValue(bytes.toStringUtf8());
    } catch (DecodeException e) {
      value = null;
    }
    if (!(value instanceof JsonObject object)) {
      throw Invalid.field("data", "a JSON object is required");
    }
    return object;
  }
}
