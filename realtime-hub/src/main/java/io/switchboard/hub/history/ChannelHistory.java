package io.switchboard.hub.history;

import io.switchboard.hub.HubServices;
import io.switchboard.hub.broker.Broker;
import io.switchboard.hub.channel.ChannelAccess;
import io.switchboard.hub.channel.ChannelName;
import io.switchboard.hub.chat.ChatData;
import io.switchboard.hub.fanout.Deliveries;
import io.switchboard.hub.protocol.ErrorCode;
import io.switchboard.platform.auth.Caller;
import io.switchboard.protos.hub.v1.Delivery;
import io.switchboard.protos.hub.v1.HistoryRequest;
import io.switchboard.protos.hub.v1.HistoryResult;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import java.util.List;

/**
 * Pages of a channel's history, for the WebSocket {@code history} command and the server API alike:
 * a conversation's from PostgreSQL, where every message stays, any other channel's from its
 * recovery window. Private notes are left out for callers who are not staff. A {@code since} of
 * another epoch is refused: its offsets name nothing in the current stream.
 */
public final class ChannelHistory {

  /** Most publications one history call returns. */
  public static final int MAX_HISTORY = 1000;

  private final HubServices hub;

  public ChannelHistory(HubServices hub) {
    this.hub = hub;
  }

  /**
   * One page of {@code request}'s channel for {@code caller}; {@code subscribed} says the caller's
   * connection already holds the channel, so access was checked when it subscribed.
   */
  public Future<HistoryResult> page(Caller caller, HistoryRequest request, boolean subscribed) {
    ChannelName channel = ChannelName.parse(request.getChannel());
    if (request.getLimit() < 0) {
      throw ErrorCode.BAD_REQUEST.error("limit must not be negative");
    }
    int limit = Math.min(MAX_HISTORY, request.getLimit());
    Future<?> allowed =
        subscribed ? Future.succeededFuture() : hub.access().subscribe(caller, channel);
    return allowed.compose(
        ok ->
            channel.namespace() == ChannelName.Namespace.CONVERSATION
                ? storedHistory(caller, channel, request, limit)
                : windowHistory(caller, channel, request, limit));
  }

  private Future<HistoryResult> storedHistory(
      Caller caller, ChannelName channel, HistoryRequest request, int limit) {
    String epoch = Broker.storedEpoch(caller.tenantId(), channel.wire());
    if (otherEpoch(request, epoch)) {
      return Future.failedFuture(ErrorCode.UNRECOVERABLE_POSITION.error("epoch changed"));
    }
    long since = request.hasSince() ? request.getSince().getOffset() : -1;
    long after = request.getReverse() ? -1 : Math.max(0, since);
    long before = request.getReverse() ? since : -1;
    return hub.crud()
        .messages(caller, channel.id(), after, before, Math.max(1, limit))
        .map(
            page -> {
              HistoryResult.Builder result =
                  HistoryResult.newBuilder().setEpoch(epoch).setOffset(page.getLong("last_offset"));
              if (limit > 0) {
                JsonArray messages = page.getJsonArray("messages");
                for (int i = 0; i < messages.size(); i++) {
                  result.addPublications(ChatData.messagePublication(messages.getJsonObject(i)));
                }
              }
              return result.build();
            });
  }

  /** A {@code since} that names an epoch other than the stream's; no epoch at all is accepted. */
  private static boolean otherEpoch(HistoryRequest request, String epoch) {
    return request.hasSince()
        && !request.getSince().getEpoch().isEmpty()
        && !request.getSince().getEpoch().equals(epoch);
  }

  private Future<HistoryResult> windowHistory(
      Caller caller, ChannelName channel, HistoryRequest request, int limit) {
    String tenant = caller.tenantId();
    long from = request.hasSince() ? request.getSince().getOffset() : 0;
    boolean staff = ChannelAccess.isStaff(caller);
    return hub.broker()
        .top(tenant, channel.wire())
        .compose(
            top -> {
              if (otherEpoch(request, top.epoch())) {
                return Future.failedFuture(ErrorCode.UNRECOVERABLE_POSITION.error("epoch changed"));
              }
              Future<List<WindowEntry>> entries =
                  limit == 0
                      ? Future.succeededFuture(List.of())
                      : hub.broker()
                          .page(tenant, channel.wire(), from, limit, request.getReverse());
              return entries.map(
                  page -> {
                    HistoryResult.Builder result =
                        HistoryResult.newBuilder().setEpoch(top.epoch()).setOffset(top.offset());
                    for (WindowEntry entry : page) {
                      Delivery delivery = Deliveries.fromWindow(entry);
                      if (delivery != null && (!delivery.getStaffOnly() || staff)) {
                        result.addPublications(delivery.getPush().getPub());
                      }
                    }
                    return result.build();
                  });
            });
  }
}
