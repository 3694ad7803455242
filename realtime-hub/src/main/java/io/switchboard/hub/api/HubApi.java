package io.switchboard.hub.api;

import com.google.protobuf.ByteString;
import io.switchboard.hub.HubServices;
import io.switchboard.hub.broker.Broker;
import io.switchboard.hub.channel.ChannelName;
import io.switchboard.hub.chat.ChatData;
import io.switchboard.hub.chat.MessageSender;
import io.switchboard.hub.history.ChannelHistory;
import io.switchboard.hub.limits.Bucket;
import io.switchboard.hub.limits.Rate;
import io.switchboard.hub.presence.PresenceEntry;
import io.switchboard.hub.presence.PresenceStats;
import io.switchboard.hub.protocol.CloseReason;
import io.switchboard.hub.protocol.DisconnectCode;
import io.switchboard.hub.protocol.ReplyError;
import io.switchboard.platform.auth.Caller;
import io.switchboard.platform.auth.Role;
import io.switchboard.platform.auth.RoleCheck;
import io.switchboard.platform.error.Invalid;
import io.switchboard.platform.error.SwitchboardException;
import io.switchboard.platform.error.Unavailable;
import io.switchboard.protos.hub.v1.ForceDisconnect;
import io.switchboard.protos.hub.v1.HistoryRequest;
import io.switchboard.protos.hub.v1.HistoryResult;
import io.switchboard.protos.hub.v1.Publication;
import io.switchboard.protos.hub.v1.Push;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The hub's server API, whatever the protocol (REST or gRPC): publish, broadcast, presence, history
 * and disconnect for integrators, always within the caller's tenant, through the same code the
 * WebSocket commands use. Failures are the platform's typed errors.
 */
public final class HubApi {

  /** Who may call the server API: integrations and tenant administrators. */
  public static final RoleCheck CALLERS = RoleCheck.requireAny(Role.SERVICE, Role.ADMIN);

  /** Most channels one broadcast publishes into. */
  public static final int MAX_BROADCAST_CHANNELS = 100;

  /** Longest user and client id a disconnect names. */
  public static final int MAX_ID_LENGTH = 255;

  /** Longest disconnect reason: a WebSocket close frame holds 123 bytes of reason. */
  public static final int MAX_REASON_BYTES = CloseReason.MAX_BYTES;

  /**
   * The tenant's token bucket for server API publishes into channels that only Redis keeps;
   * conversations have the chat buckets.
   */
  private static final String API_PUBLISH_BUCKET = "api-publish";

  /** The tenant's bucket for publishes by other roles of the cluster into such channels. */
  private static final String ROLE_PUBLISH_BUCKET = "role-publish";

  private static final Logger LOG = LoggerFactory.getLogger(HubApi.class);

  private final HubServices hub;
  private final MessageSender sender;
  private final ChannelHistory history;

  public HubApi(HubServices hub) {
    this.hub = hub;
    this.sender = new MessageSender(hub);
    this.history = new ChannelHistory(hub);
  }

  /**
   * Where a publication went: its offset and the stream's epoch, and for a chat message its id and
   * whether it was stored now (false for a repeated {@code client_message_id}).
   *
   * @param id the message id, null for publications that are not chat messages
   */
  public record Published(long offset, String epoch, String id, boolean created) {

    /** The JSON answer. */
    public JsonObject toJson() {
      JsonObject json = new JsonObject().put("offset", offset).put("epoch", epoch);
      return id == null ? json : json.put("id", id).put("created", created);
    }
  }

  /** One channel's outcome of a broadcast: {@code result} or {@code error}, the other null. */
  public record Outcome(String channel, Published result, SwitchboardException error) {}

  /**
   * Publishes {@code data} into {@code channelName}: into a conversation as a stored chat message,
   * anywhere else into the channel's window at its next offset.
   */
  public Future<Published> publish(Caller caller, String channelName, JsonObject data) {
    return publishInto(caller, channel("channel", channelName), data, false);
  }

  /**
   * Publishes for another role of the cluster (the voice role's call events, say): the same rules
   * as {@link #publish}, but within the tenant's {@code hub.tenant-publish-*} rate rather than the
   * integrators' {@code hub.api-publish-*} bucket, which a busy call centre's live transcripts
   * would otherwise drain for them.
   */
  public Future<Published> publishForRole(Caller caller, String channelName, JsonObject data) {
    return publishInto(caller, channel("channel", channelName), data, true);
  }

  /**
   * Tells the subscribers of a conversation {@code data} for another role of the cluster without
   * keeping it (no offset, not in history or recovery), as typing is: no larger than {@code
   * hub.max-publication-bytes}, and within the same tenant rate as {@link #publishForRole} into
   * channels other than conversations.
   */
  public Future<Void> noticeForRole(Caller caller, String channelName, JsonObject data) {
    ChannelName channel = channel("channel", channelName);
    if (channel.namespace() != ChannelName.Namespace.CONVERSATION) {
      throw Invalid.field("channel", "must be a conversation channel, conversation:<id>");
    }
    return encoded(data)
        .compose(bytes -> sender.take(caller, ROLE_PUBLISH_BUCKET, roleRate()))
        .<Void>map(
            granted -> {
              hub.publisher()
                  .publishEphemeral(
                      caller.tenantId(),
                      channel,
                      Push.newBuilder().setPub(ChatData.notice(data, caller.userId(), "")).build());
              return null;
            })
        .recover(failure -> Future.failedFuture(ApiErrors.translate(failure, "data")));
  }

  /** Publishes {@code data} into each channel, each with its own outcome. */
  public Future<List<Outcome>> broadcast(Caller caller, List<String> names, JsonObject data) {
    if (names.isEmpty() || names.size() > MAX_BROADCAST_CHANNELS) {
      throw Invalid.field("channels", "must hold 1 to " + MAX_BROADCAST_CHANNELS + " channels");
    }
    List<ChannelName> channels = new ArrayList<>();
    for (int i = 0; i < names.size(); i++) {
      channels.add(channel("channels[" + i + "]", names.get(i)));
    }
    List<Future<Published>> published = new ArrayList<>();
    channels.forEach(channel -> published.add(publishInto(caller, channel, data, false)));
    return Future.join(published)
        .transform(
            all -> {
              List<Outcome> outcomes = new ArrayList<>();
              for (int i = 0; i < channels.size(); i++) {
                Future<Published> one = published.get(i);
                outcomes.add(
                    one.succeeded()
                        ? new Outcome(names.get(i), one.result(), null)
                        : new Outcome(names.get(i), null, typed(one.cause())));
              }
              return Future.succeededFuture(outcomes);
            });
  }

  /** The connections in a conversation's or inbox's presence; none for other channels. */
  public Future<List<PresenceEntry>> presence(Caller caller, String channelName) {
    ChannelName channel = channel("channel", channelName);
    return allowed(caller, channel)
        .compose(ok -> hub.presence().get(caller.tenantId(), channel.wire()));
  }

  /** How many connections and users are in the channel's presence. */
  public Future<PresenceStats> presenceStats(Caller caller, String channelName) {
    ChannelName channel = channel("channel", channelName);
    return allowed(caller, channel)
        .compose(ok -> hub.presence().stats(caller.tenantId(), channel.wire()));
  }

  /** A page of the channel's history, as the WebSocket {@code history} command answers it. */
  public Future<HistoryResult> history(Caller caller, HistoryRequest request) {
    channel("channel", request.getChannel());
    if (request.getLimit() < 0) {
      throw Invalid.field("limit", "must not be negative");
    }
    return history
        .page(caller, request, false)
        .recover(failure -> Future.failedFuture(ApiErrors.translate(failure, "since")));
  }

  /**
   * Closes every connection of {@code user} in the tenant, or only {@code client}'s, on every node;
   * {@code code} is 3011 (reconnect, the default when 0) or 3503 (stay disconnected).
   */
  public Future<Void> disconnect(
      Caller caller, String user, String client, int code, String reason) {
    if (user == null || user.isEmpty() || user.length() > MAX_ID_LENGTH) {
      throw Invalid.field("user", "must be 1 to " + MAX_ID_LENGTH + " characters");
    }
    if (client != null && client.length() > MAX_ID_LENGTH) {
      throw Invalid.field("client", "must be at most " + MAX_ID_LENGTH + " characters");
    }
    DisconnectCode close = closeCode(code);
    if (reason != null && reason.getBytes(StandardCharsets.UTF_8).length > MAX_REASON_BYTES) {
      throw Invalid.field("reason", "must be at most " + MAX_REASON_BYTES + " bytes");
    }
    hub.publisher()
        .disconnect(
            ForceDisconnect.newBuilder()
                .setTenant(caller.tenantId())
                .setUser(user)
                .setClient(client == null ? "" : client)
                .setCode(close.code())
                .setReason(reason == null ? "" : reason)
                .build());
    return Future.succeededFuture();
  }

  private static DisconnectCode closeCode(int code) {
    if (code == 0 || code == DisconnectCode.FORCE_RECONNECT.code()) {
      return DisconnectCode.FORCE_RECONNECT;
    }
    if (code == DisconnectCode.FORCE_NO_RECONNECT.code()) {
      return DisconnectCode.FORCE_NO_RECONNECT;
    }
    throw Invalid.field(
        "code",
        "must be "
            + DisconnectCode.FORCE_RECONNECT.code()
            + " (force reconnect) or "
            + DisconnectCode.FORCE_NO_RECONNECT.code()
            + " (force no reconnect)");
  }

  private Future<Published> publishInto(
      Caller caller, ChannelName channel, JsonObject data, boolean forRole) {
    Future<Published> published;
    try {
      switch (channel.namespace()) {
        case CONVERSATION:
          published =
              sender
                  .send(caller, channel, data)
                  .map(
                      stored -> {
                        JsonObject receipt = MessageSender.receipt(stored);
                        return new Published(
                            receipt.getLong("offset"),
                            Broker.storedEpoch(caller.tenantId(), channel.wire()),
                            receipt.getString("id"),
                            receipt.getBoolean("created"));
                      });
          break;
        case INBOX:
          published =
              allowed(caller, channel).compose(ok -> publishNext(caller, channel, data, forRole));
          break;
        default:
          published = publishNext(caller, channel, data, forRole);
      }
    } catch (ReplyError refused) {
      published = Future.failedFuture(refused);
    }
    return published.recover(failure -> Future.failedFuture(ApiErrors.translate(failure, "data")));
  }

  /**
   * Any other channel keeps {@code data} as it is, at the channel's next offset: no larger than
   * {@code hub.max-publication-bytes}, and within the tenant's {@code hub.api-publish-*} rate,
   * since every such publication stays in Redis, which all tenants share, for the window's
   * lifetime.
   */
  private Future<Published> publishNext(
      Caller caller, ChannelName channel, JsonObject data, boolean forRole) {
    Bucket quota =
        forRole
            ? new Bucket(ROLE_PUBLISH_BUCKET, roleRate())
            : new Bucket(
                API_PUBLISH_BUCKET,
                new Rate(hub.config().apiPublishPerSecond(), hub.config().apiPublishBurst()));
    return encoded(data)
        .compose(
            bytes ->
                // The quota's token is taken in the same step as the append: one round trip.
                hub.publisher()
                    .publishNext(
                        caller.tenantId(),
                        channel,
                        Push.newBuilder()
                            .setPub(Publication.newBuilder().setData(ByteString.copyFrom(bytes)))
                            .build(),
                        false,
                        quota))
        .map(kept -> new Published(kept.offset(), kept.epoch(), null, false));
  }

  /** {@code data} as JSON bytes when no larger than {@code hub.max-publication-bytes}. */
  private Future<byte[]> encoded(JsonObject data) {
    byte[] bytes = data.encode().getBytes(StandardCharsets.UTF_8);
    int most = hub.config().maxPublicationBytes();
    return bytes.length > most
        ? Future.failedFuture(
            Invalid.field(
                "data", "is " + bytes.length + " bytes of JSON, at most " + most + " fit"))
        : Future.succeededFuture(bytes);
  }

  /** The tenant's own publish rate, which other roles of the cluster publish within. */
  private Rate roleRate() {
    return new Rate(hub.config().tenantPublishPerSecond(), hub.config().tenantPublishBurst());
  }

  /** Conversations and inboxes must exist in the tenant; crud-api says whether they do. */
  private Future<Void> allowed(Caller caller, ChannelName channel) {
    return hub.access()
        .subscribe(caller, channel)
        .<Void>mapEmpty()
        .recover(failure -> Future.failedFuture(ApiErrors.translate(failure, "channel")));
  }

  private static ChannelName channel(String field, String name) {
    try {
      return ChannelName.parse(name);
    } catch (ReplyError refused) {
      throw Invalid.field(field, refused.getMessage());
    }
  }

  private static SwitchboardException typed(Throwable failure) {
    if (failure instanceof SwitchboardException known) {
      return known;
    }
    LOG.error("Broadcast into a channel failed", failure);
    return new Unavailable("publishing failed");
  }
}
