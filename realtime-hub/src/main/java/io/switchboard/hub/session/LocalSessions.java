package io.switchboard.hub.session;

import io.switchboard.hub.fanout.EndOfTurn;
import io.switchboard.hub.fanout.Publisher;
import io.switchboard.hub.protocol.DisconnectCode;
import io.switchboard.protos.hub.v1.ForceDisconnect;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.Message;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The connected sessions of one event loop by tenant and user, so that a disconnect asked anywhere
 * in the cluster (server API, a user removed) finds them; and their pings, presence refreshes and
 * token expiries, one timer each for the whole loop.
 */
public final class LocalSessions {

  /**
   * A user's one session here, or a set of them once there are several: most users hold a single
   * connection, and a set per user would cost every idle connection some 200 bytes.
   */
  private final Map<String, Object> byUser = new HashMap<>();

  private final Recurring<ClientSession> pings;
  private final Recurring<ClientSession> presenceRefreshes;
  private final Deadlines<ClientSession> expiries;
  private final EndOfTurn endOfTurn;

  /**
   * Call on the event loop's own context.
   *
   * @param pingIntervalMs how often each connected session pings its client
   * @param presenceRefreshMs how often each connected session refreshes its presence
   */
  public LocalSessions(Vertx vertx, long pingIntervalMs, long presenceRefreshMs) {
    this.pings = new Recurring<>(vertx, pingIntervalMs, ClientSession::ping);
    this.presenceRefreshes =
        new Recurring<>(vertx, presenceRefreshMs, ClientSession::refreshPresence);
    this.expiries = new Deadlines<>(vertx, ClientSession::expire);
    this.endOfTurn = new EndOfTurn(vertx);
  }

  /** Flushes this loop's connections' push batches and replies when a turn ends. */
  public EndOfTurn endOfTurn() {
    return endOfTurn;
  }

  /** Starts taking cluster-wide disconnects. */
  public void listen(EventBus bus) {
    bus.<Buffer>consumer(Publisher.DISCONNECT_ADDRESS, this::onDisconnect);
  }

  /** Records a connected session and starts its pings and presence refreshes. */
  void add(ClientSession session) {
    byUser.merge(key(session), session, LocalSessions::joined);
    session.heartbeats(pings.add(session), presenceRefreshes.add(session));
  }

  /** Closes {@code session} as expired in {@code delayMs}, unless the entry is cancelled first. */
  Deadlines.Entry<ClientSession> expireIn(ClientSession session, long delayMs) {
    return expiries.add(session, delayMs);
  }

  /** Forgets a session and stops its pings and presence refreshes. */
  void remove(ClientSession session) {
    byUser.computeIfPresent(key(session), (key, held) -> left(held, session));
    session.stopHeartbeats();
  }

  /** Connected sessions here. */
  public int size() {
    return byUser.values().stream().mapToInt(held -> sessionsOf(held).size()).sum();
  }

  /**
   * Closes every session here with 3001 as the node stops, so their clients reconnect to another
   * node; completes once they closed, or after {@code graceMs}.
   */
  public Future<Void> shutdown(long graceMs) {
    List<Future<Void>> closing = new ArrayList<>();
    for (Object held : List.copyOf(byUser.values())) {
      for (ClientSession session : List.copyOf(sessionsOf(held))) {
        closing.add(session.disconnect(DisconnectCode.SHUTDOWN, DisconnectCode.SHUTDOWN.reason()));
      }
    }
    return Future.join(closing)
        .timeout(graceMs, TimeUnit.MILLISECONDS)
        .<Void>mapEmpty()
        .otherwiseEmpty();
  }

  private void onDisconnect(Message<Buffer> message) {
    ForceDisconnect request;
    try {
      request = ForceDisconnect.parseFrom(message.body().getBytes());
    } catch (com.google.protobuf.InvalidProtocolBufferException e) {
      return;
    }
    Object held = byUser.get(request.getTenant() + '\n' + request.getUser());
    if (held == null) {
      return;
    }
    DisconnectCode code = DisconnectCode.FORCE_RECONNECT;
    for (DisconnectCode known : DisconnectCode.values()) {
      if (known.code() == request.getCode()) {
        code = known;
      }
    }
    List<ClientSession> matching = new ArrayList<>();
    for (ClientSession session : sessionsOf(held)) {
      if (request.getClient().isEmpty() || request.getClient().equals(session.clientId())) {
        matching.add(session);
      }
    }
    for (ClientSession session : matching) {
      session.disconnect(code, request.getReason().isEmpty() ? code.reason() : request.getReason());
    }
  }

  private static Object joined(Object held, Object added) {
    Set<ClientSession> sessions =
        held instanceof ClientSession single
            ? new LinkedHashSet<>(Set.of(single))
            : sessionsOf(held);
    sessions.add((ClientSession) added);
    return sessions;
  }

  /** What stays held once {@code session} left: null when nothing does. */
  private static Object left(Object held, ClientSession session) {
    if (held == session) {
      return null;
    }
    if (!(held instanceof Set<?>)) {
      return held;
    }
    Set<ClientSession> sessions = sessionsOf(held);
    sessions.remove(session);
    if (sessions.size() > 1) {
      return sessions;
    }
    // Back to the single session once only one is left, as for a user who always had one.
    return sessions.isEmpty() ? null : sessions.iterator().next();
  }

  @SuppressWarnings("unchecked")
  private static Set<ClientSession> sessionsOf(Object held) {
    return held instanceof ClientSession single ? Set.of(single) : (Set<ClientSession>) held;
  }

  private static String key(ClientSession session) {
    return session.caller().tenantId() + '\n' + session.caller().userId();
  }
}
