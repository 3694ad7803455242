package io.switchboard.hub.chat;

import com.google.protobuf.ByteString;
import io.switchboard.hub.HubServices;
import io.switchboard.hub.availability.Availability;
import io.switchboard.hub.availability.AvailabilityState;
import io.switchboard.hub.channel.ChannelAccess;
import io.switchboard.hub.channel.ChannelName;
import io.switchboard.hub.limits.Rate;
import io.switchboard.hub.protocol.ErrorCode;
import io.switchboard.hub.session.ClientSession;
import io.switchboard.platform.auth.Caller;
import io.switchboard.protos.hub.v1.PublishRequest;
import io.switchboard.protos.hub.v1.PublishResult;
import io.switchboard.protos.hub.v1.Push;
import io.switchboard.protos.hub.v1.RPCRequest;
import io.switchboard.protos.hub.v1.RPCResult;
import io.switchboard.protos.hub.v1.Reply;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Set;

/**
 * Chat on top of the protocol for one connection: {@code publish} into a conversation stores the
 * message through crud-api before it is acknowledged and delivered; {@code rpc} carries {@code
 * send} (a publish that answers with the stored offset), {@code typing}, {@code read}, {@code
 * availability} and {@code agents}.
 */
public final class ChatCommands {

  private static final Set<String> SEND_FIELDS =
      Set.of("channel", "body", "client_message_id", "private");
  private static final Set<String> CHANNEL_FIELDS = Set.of("channel");
  private static final Set<String> READ_FIELDS = Set.of("channel", "offset");
  private static final Set<String> AVAILABILITY_FIELDS = Set.of("status");

  private final ClientSession session;
  private final HubServices hub;
  private final MessageSender sender;

  public ChatCommands(ClientSession session, HubServices hub) {
    this.session = session;
    this.hub = hub;
    this.sender = new MessageSender(hub);
  }

  /** Stores and delivers a message published by the client. */
  public Future<Reply.Builder> publish(PublishRequest request) {
    ChannelName channel = ChannelName.parse(request.getChannel());
    JsonObject data = ChatData.object(request.getData(), MessageSender.MESSAGE_FIELDS);
    return sender
        .send(session.caller(), channel, data)
        .map(stored -> Reply.newBuilder().setPublish(PublishResult.getDefaultInstance()));
  }

  /** Runs an rpc method. */
  public Future<Reply.Builder> rpc(RPCRequest request) {
    Future<JsonObject> result;
    switch (request.getMethod()) {
      case "send":
        {
          JsonObject data = ChatData.object(request.getData(), SEND_FIELDS);
          ChannelName channel =
              ChannelName.parse(ChatData.string(data, "channel", true, ChannelName.MAX_LENGTH));
          data.remove("channel");
          result = sender.send(session.caller(), channel, data).map(MessageSender::receipt);
          break;
        }
      case "typing":
        result = typing(ChatData.object(request.getData(), CHANNEL_FIELDS));
        break;
      case "read":
        result = read(ChatData.object(request.getData(), READ_FIELDS));
        break;
      case "availability":
        result = availability(ChatData.object(request.getData(), AVAILABILITY_FIELDS));
        break;
      case "agents":
        result = agents();
        break;
      default:
        throw ErrorCode.METHOD_NOT_FOUND.error("rpc method '" + request.getMethod() + "'");
    }
    return result.map(
        json ->
            Reply.newBuilder()
                .setRpc(RPCResult.newBuilder().setData(ByteString.copyFromUtf8(json.encode()))));
  }

  /** Staff coming online: away (set by an earlier disconnect) or offline becomes online. */
  public void connected() {
    if (!session.staff()) {
      return;
    }
    Caller caller = session.caller();
    hub.availability()
        .get(caller.tenantId(), caller.userId())
        .compose(
            state ->
                state.status() == Availability.AWAY || state.status() == Availability.OFFLINE
                    ? changeAvailability(caller, Availability.ONLINE)
                    : Future.succeededFuture(state));
  }

  /** Staff leaving: with no other connection anywhere, online or busy becomes away. */
  public void disconnected(boolean stillConnected) {
    Caller caller = session.caller();
    if (stillConnected || caller == null || !ChannelAccess.isStaff(caller)) {
      return;
    }
    hub.availability()
        .get(caller.tenantId(), caller.userId())
        .compose(
            state ->
                state.status() == Availability.ONLINE || state.status() == Availability.BUSY
                    ? changeAvailability(caller, Availability.AWAY)
                    : Future.succeededFuture(state));
  }

  private Future<JsonObject> typing(JsonObject data) {
    ChannelName channel = subscribedConversation(data);
    Caller caller = session.caller();
    return sender
        .take(caller, "typing:" + caller.userId(), typingRate())
        .map(ok -> notice(channel, new JsonObject().put("type", "typing")));
  }

  private Future<JsonObject> read(JsonObject data) {
    ChannelName channel = subscribedConversation(data);
    long offset = ChatData.offset(data, "offset");
    return Future.succeededFuture(
        notice(channel, new JsonObject().put("type", "read").put("offset", offset)));
  }

  /** Tells the conversation's subscribers {@code data} from this connection's user, unkept. */
  private JsonObject notice(ChannelName channel, JsonObject data) {
    Caller caller = session.caller();
    hub.publisher()
        .publishEphemeral(
            caller.tenantId(),
            channel,
            Push.newBuilder()
                .setPub(
                    ChatData.notice(
                        data.put("user", caller.userId()), caller.userId(), session.clientId()))
                .build());
    return new JsonObject();
  }

  private Future<JsonObject> availability(JsonObject data) {
    Caller caller = staffCaller();
    String status = ChatData.string(data, "status", true, 20);
    Availability wanted;
    try {
      wanted = Availability.parse(status);
    } catch (IllegalArgumentException e) {
      throw ErrorCode.BAD_REQUEST.error(e.getMessage());
    }
    return changeAvailability(caller, wanted).map(ChatCommands::json);
  }

  private Future<JsonObject> agents() {
    Caller caller = staffCaller();
    return hub.availability()
        .all(caller.tenantId())
        .map(
            states -> {
              JsonArray agents = new JsonArray();
              states.forEach(state -> agents.add(json(state)));
              return new JsonObject().put("agents", agents);
            });
  }

  /** Sets a user's availability and, when it changed, tells the tenant's agents. */
  private Future<AvailabilityState> changeAvailability(Caller caller, Availability status) {
    return hub.availability()
        .get(caller.tenantId(), caller.userId())
        .compose(
            before ->
                hub.availability()
                    .set(caller.tenantId(), caller.userId(), status)
                    .compose(
                        after ->
                            before.status() == after.status()
                                ? Future.succeededFuture(after)
                                : hub.publisher()
                                    .publishNext(
                                        caller.tenantId(),
                                        new ChannelName(ChannelName.Namespace.TENANT, ""),
                                        Push.newBuilder()
                                            .setPub(
                                                ChatData.notice(
                                                    json(after).put("type", "availability"),
                                                    caller.userId(),
                                                    session.clientId()))
                                            .build(),
                                        false)
                                    .map(delivered -> after)));
  }

  private static JsonObject json(AvailabilityState state) {
    return new JsonObject()
        .put("user", state.userId())
        .put("status", state.status().wire())
        .put("since", state.since().toString());
  }

  private Caller staffCaller() {
    if (!session.staff()) {
      throw ErrorCode.PERMISSION_DENIED.error("agents only");
    }
    return session.caller();
  }

  private ChannelName subscribedConversation(JsonObject data) {
    String name = ChatData.string(data, "channel", true, ChannelName.MAX_LENGTH);
    ChannelName channel = ChannelName.parse(name);
    if (channel.namespace() != ChannelName.Namespace.CONVERSATION
        || session.subscription(channel.wire()) == null) {
      throw ErrorCode.PERMISSION_DENIED.error("subscribe to the conversation first");
    }
    return channel;
  }

  private Rate typingRate() {
    return new Rate(hub.config().typingPerSecond(), hub.config().typingBurst());
  }
}
