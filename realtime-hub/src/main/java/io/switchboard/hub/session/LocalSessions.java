package io.switchboard.hub.session;

import io.switchboard.hub.fanout.Publisher;
import io.switchboard.hub.protocol.DisconnectCode;
import io.switchboard.protos.hub.v1.ForceDisconnect;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.Message;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The connected sessions of one event loop by tenant and user, so that a disconnect asked anywhere
 * in the cluster (server API, a user removed) finds them.
 */
public final class LocalSessions {

  private final Map<String, Set<ClientSession>> byUser = new HashMap<>();

  /** Starts taking cluster-wide disconnects. */
  public void listen(EventBus bus) {
    bus.<Buffer>consumer(Publisher.DISCONNECT_ADDRESS, this::onDisconnect);
  }

  void add(ClientSession session) {
    byUser.computeIfAbsent(key(session), k -> new LinkedHashSet<>()).add(session);
  }

  void remove(ClientSession session) {
    String key = key(session);
    Set<ClientSession> sessions = byUser.get(key);
    if (sessions != null && sessions.remove(session) && sessions.isEmpty()) {
      byUser.remove(key);
    }
  }

  /** Connected sessions here. */
  public int size() {
    return byUser.values().stream().mapToInt(Set::size).sum();
  }

  private void onDisconnect(Message<Buffer> message) {
    ForceDisconnect request;
    try {
      request = ForceDisconnect.parseFrom(message.body().getBytes());
    } catch (com.google.protobuf.InvalidProtocolBufferException e) {
      return;
    }
    Set<ClientSession> sessions = byUser.get(request.getTenant() + '\n' + request.getUser());
    if (sessions == null) {
      return;
    }
    DisconnectCode code = DisconnectCode.FORCE_RECONNECT;
    for (DisconnectCode known : DisconnectCode.values()) {
      if (known.code() == request.getCode()) {
        code = known;
      }
    }
    List<ClientSession> matching = new ArrayList<>();
    for (ClientSession session : sessions) {
      if (request.getClient().isEmpty() || request.getClient().equals(session.clientId())) {
        matching.add(session);
      }
    }
    for (ClientSession session : matching) {
      session.disconnect(code, request.getReason().isEmpty() ? code.reason() : request.getReason());
    }
  }

  private static String key(ClientSession session) {
    return session.caller().tenantId() + '\n' + session.caller().userId();
  }
}
