package io.switchboard.hub.session;

import com.google.protobuf.ByteString;
import io.switchboard.hub.HubServices;
import io.switchboard.hub.channel.ChannelName;
import io.switchboard.hub.channel.Subscription;
import io.switchboard.hub.fanout.LocalChannels;
import io.switchboard.hub.history.ChannelHistory;
import io.switchboard.hub.history.StreamStart;
import io.switchboard.hub.presence.PresenceEntry;
import io.switchboard.hub.protocol.ErrorCode;
import io.switchboard.platform.auth.Caller;
import io.switchboard.protos.hub.v1.ClientInfo;
import io.switchboard.protos.hub.v1.HistoryRequest;
import io.switchboard.protos.hub.v1.Join;
import io.switchboard.protos.hub.v1.Leave;
import io.switchboard.protos.hub.v1.PresenceRequest;
import io.switchboard.protos.hub.v1.PresenceResult;
import io.switchboard.protos.hub.v1.PresenceStatsRequest;
import io.switchboard.protos.hub.v1.PresenceStatsResult;
import io.switchboard.protos.hub.v1.Publication;
import io.switchboard.protos.hub.v1.Push;
import io.switchboard.protos.hub.v1.Reply;
import io.switchboard.protos.hub.v1.SubscribeRequest;
import io.switchboard.protos.hub.v1.SubscribeResult;
import io.switchboard.protos.hub.v1.UnsubscribeRequest;
import io.switchboard.protos.hub.v1.UnsubscribeResult;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Subscribing, history and presence for one connection. A subscription is registered, and its event
 * loop listens on the channel's address across the cluster, before the channel's position is read,
 * so that nothing published in between is lost, and it writes live publications only after the
 * subscribe reply, past the position that reply reports.
 */
final class ChannelCommands {

  private final ClientSession session;
  private final HubServices hub;
  private final LocalChannels channels;
  private final ChannelHistory history;
  private final StreamStart start;

  ChannelCommands(ClientSession session, HubServices hub, LocalChannels channels) {
    this.session = session;
    this.hub = hub;
    this.channels = channels;
    this.history = new ChannelHistory(hub);
    this.start = new StreamStart(hub);
  }

  Future<Reply.Builder> subscribe(int id, SubscribeRequest request) {
    ChannelName channel = ChannelName.parse(request.getChannel());
    if (session.subscription(channel.wire()) != null) {
      throw ErrorCode.ALREADY_SUBSCRIBED.error(channel.wire());
    }
    if (session.subscriptions().size() >= hub.config().maxSubscriptions()) {
      throw ErrorCode.LIMIT_EXCEEDED.error(
          "at most " + hub.config().maxSubscriptions() + " subscriptions per connection");
    }
    Caller caller = session.caller();
    String tenant = caller.tenantId();
    Subscription subscription = new Subscription(tenant, channel, session);
    return hub.access()
        .subscribe(caller, channel)
        .compose(
            storedTop -> {
              if (session.subscription(channel.wire()) != null) {
                return Future.failedFuture(ErrorCode.ALREADY_SUBSCRIBED.error(channel.wire()));
              }
              if (!session.addSubscription(subscription)) {
                return Future.failedFuture(ErrorCode.NOT_AVAILABLE.error("connection closed"));
              }
              return channels
                  .listening(subscription)
                  .compose(
                      listening ->
                          start.position(caller, channel, storedTop, request, session.staff()))
                  // As soon as it is read: until the loop knows where the stream stands, it
                  // hands out nothing stored on the channel.
                  .onSuccess(started -> channels.knownTop(tenant, channel.wire(), started.top()))
                  .map(StreamStart.Start::reply)
                  .onFailure(failed -> session.removeSubscription(subscription));
            })
        .compose(result -> present(channel).map(result))
        .map(
            result -> {
              // The reply goes out before anything live for the channel, then live delivery
              // resumes past the position the reply reported.
              session.write(Reply.newBuilder().setId(id).setSubscribe(result).build());
              subscription.activate(lastOffset(result), result.getEpoch());
              joined(channel);
              return null;
            });
  }

  /** The position the client holds after the reply: the newest offset it has seen. */
  private static long lastOffset(SubscribeResult result) {
    long last = result.getOffset();
    for (Publication publication : result.getPublicationsList()) {
      last = Math.max(last, publication.getOffset());
    }
    return last;
  }

  Future<Reply.Builder> unsubscribe(UnsubscribeRequest request) {
    Subscription subscription = session.subscription(request.getChannel());
    if (subscription != null) {
      session.removeSubscription(subscription);
      left(List.of(subscription));
    }
    return Future.succeededFuture(
        Reply.newBuilder().setUnsubscribe(UnsubscribeResult.getDefaultInstance()));
  }

  Future<Reply.Builder> history(HistoryRequest request) {
    return history
        .page(
            session.caller(),
            request,
            session.subscription(ChannelName.parse(request.getChannel()).wire()) != null)
        .map(result -> Reply.newBuilder().setHistory(result));
  }

  Future<Reply.Builder> presence(PresenceRequest request) {
    Subscription subscription = subscribed(request.getChannel());
    return hub.presence()
        .get(subscription.tenant(), subscription.channel().wire())
        .map(
            entries -> {
              PresenceResult.Builder result = PresenceResult.newBuilder();
              entries.forEach(entry -> result.putPresence(entry.clientId(), info(entry)));
              return Reply.newBuilder().setPresence(result);
            });
  }

  Future<Reply.Builder> presenceStats(PresenceStatsRequest request) {
    Subscription subscription = subscribed(request.getChannel());
    return hub.presence()
        .stats(subscription.tenant(), subscription.channel().wire())
        .map(
            stats ->
                Reply.newBuilder()
                    .setPresenceStats(
                        PresenceStatsResult.newBuilder()
                            .setNumClients(stats.numClients())
                            .setNumUsers(stats.numUsers())));
  }

  /** Keeps this connection's presence entries alive. */
  void refreshPresence() {
    for (Subscription subscription : session.subscriptions()) {
      if (tracksPresence(subscription.channel())) {
        hub.presence().add(subscription.tenant(), subscription.channel().wire(), entry());
      }
    }
  }

  /** Takes the connection out of the presence of {@code gone} and tells their subscribers. */
  void left(Collection<Subscription> gone) {
    for (Subscription subscription : gone) {
      ChannelName channel = subscription.channel();
      if (!tracksPresence(channel)) {
        continue;
      }
      hub.presence().remove(subscription.tenant(), channel.wire(), session.clientId());
      hub.publisher()
          .publishEphemeral(
              subscription.tenant(),
              channel,
              Push.newBuilder().setLeave(Leave.newBuilder().setInfo(clientInfo())).build());
    }
  }

  /**
   * Puts the connection into the channel's presence before the subscribe reply goes out, so that
   * whoever asks once the client holds its reply counts it. A presence store that fails does not
   * fail the subscription: the next refresh adds the entry again.
   */
  private Future<Void> present(ChannelName channel) {
    if (!tracksPresence(channel)) {
      return Future.succeededFuture();
    }
    return hub.presence()
        .add(session.caller().tenantId(), channel.wire(), entry())
        .otherwiseEmpty();
  }

  private void joined(ChannelName channel) {
    if (!tracksPresence(channel)) {
      return;
    }
    String tenant = session.caller().tenantId();
    hub.publisher()
        .publishEphemeral(
            tenant,
            channel,
            Push.newBuilder().setJoin(Join.newBuilder().setInfo(clientInfo())).build());
  }

  /** Presence is kept where people talk: conversations and inboxes. */
  private static boolean tracksPresence(ChannelName channel) {
    return channel.namespace() == ChannelName.Namespace.CONVERSATION
        || channel.namespace() == ChannelName.Namespace.INBOX;
  }

  private Subscription subscribed(String channel) {
    ChannelName.parse(channel);
    Subscription subscription = session.subscription(channel);
    if (subscription == null) {
      throw ErrorCode.PERMISSION_DENIED.error("subscribe to " + channel + " first");
    }
    return subscription;
  }

  private PresenceEntry entry() {
    Caller caller = session.caller();
    return new PresenceEntry(session.clientId(), caller.userId(), connInfo(caller));
  }

  private ClientInfo clientInfo() {
    Caller caller = session.caller();
    return ClientInfo.newBuilder()
        .setUser(caller.userId())
        .setClient(session.clientId())
        .setConnInfo(ByteString.copyFromUtf8(connInfo(caller).encode()))
        .build();
  }

  private static ClientInfo info(PresenceEntry entry) {
    return ClientInfo.newBuilder()
        .setUser(entry.userId())
        .setClient(entry.clientId())
        .setConnInfo(ByteString.copyFromUtf8(entry.info().encode()))
        .build();
  }

  /** What others see of a connection: its user's roles. */
  private static JsonObject connInfo(Caller caller) {
    List<String> roles = new ArrayList<>();
    caller.roles().forEach(role -> roles.add(role.wireName()));
    return new JsonObject().put("roles", new JsonArray(roles));
  }
}
