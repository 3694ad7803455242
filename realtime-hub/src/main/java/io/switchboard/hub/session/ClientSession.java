package io.switchboard.hub.session;

import io.switchboard.hub.HubMetrics;
import io.switchboard.hub.HubServices;
import io.switchboard.hub.availability.ConnectionLimitExceeded;
import io.switchboard.hub.channel.ChannelAccess;
import io.switchboard.hub.channel.Subscriber;
import io.switchboard.hub.channel.Subscription;
import io.switchboard.hub.chat.ChatCommands;
import io.switchboard.hub.fanout.EncodedPush;
import io.switchboard.hub.fanout.LocalChannels;
import io.switchboard.hub.fanout.PushBatch;
import io.switchboard.hub.fanout.SocketOutput;
import io.switchboard.hub.protocol.BadFrameException;
import io.switchboard.hub.protocol.CloseReason;
import io.switchboard.hub.protocol.DisconnectCode;
import io.switchboard.hub.protocol.ErrorCode;
import io.switchboard.hub.protocol.FrameCodec;
import io.switchboard.hub.protocol.ReplyError;
import io.switchboard.hub.protocol.ReplyErrors;
import io.switchboard.platform.auth.Caller;
import io.switchboard.platform.error.Unauthenticated;
import io.switchboard.protos.hub.v1.Command;
import io.switchboard.protos.hub.v1.ConnectResult;
import io.switchboard.protos.hub.v1.PingResult;
import io.switchboard.protos.hub.v1.RefreshResult;
import io.switchboard.protos.hub.v1.Reply;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.internal.ContextInternal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One chat WebSocket, from handshake to close, on the event loop that accepted it: nothing but
 * {@code connect} is taken before the token is verified, every command gets a reply carrying its
 * id, the hub pings and expects pongs, and whatever goes wrong closes only this connection, with a
 * documented code.
 */
public final class ClientSession implements Subscriber, Scheduled {

  private static final Logger LOG = LoggerFactory.getLogger(ClientSession.class);
  private static final String VERSION = "switchboard 0.1";

  private final Vertx vertx;
  private final ContextInternal context;
  private final HubServices hub;
  private final LocalChannels channels;
  private final LocalSessions sessions;
  private final ServerWebSocket socket;
  private final SocketOutput output;
  private final FrameCodec codec;
  private final HubMetrics metrics;
  private final String clientId = UUID.randomUUID().toString();
  // Most connections hold one or two subscriptions: a default map's 16 buckets would cost each
  // idle connection some 60 bytes it never uses; the map grows when a client subscribes to more.
  private final Map<String, Subscription> subscriptions = new HashMap<>(2);
  private final ChannelCommands channelCommands;
  private final ChatCommands chatCommands;
  private final PushBatch pushes;
  private final AwaitingConnect awaitingConnect;
  private final CommandBucket commandBucket;

  /** Whether the socket's write buffer was full when this turn's first push came. */
  private boolean writeQueueFull;

  private Caller caller;
  private boolean connecting;
  // Set when the hub decides to close: from then on nothing is written but the Close frame (RFC
  // 6455 allows no data after it) and nothing the client sends is acted on.
  private Future<Void> closing;
  private boolean closed;
  private boolean admitted;
  // Pings, presence refreshes and the token's expiry have no timer of their own: LocalSessions
  // runs them for every connected session of the event loop from one timer each.
  private Recurring.Entry<ClientSession> pings;
  private Recurring.Entry<ClientSession> presenceRefreshes;
  private long connectTimer = -1;
  private long pongTimer = -1;
  private Deadlines.Entry<ClientSession> expiry;
  private long slowTimer = -1;

  public ClientSession(
      Vertx vertx,
      HubServices hub,
      LocalChannels channels,
      LocalSessions sessions,
      ServerWebSocket socket,
      SocketOutput output,
      FrameCodec codec) {
    this.vertx = vertx;
    // The upgraded request's context: the socket's handlers run on it, and so do pings.
    this.context = (ContextInternal) vertx.getOrCreateContext();
    this.hub = hub;
    this.channels = channels;
    this.sessions = sessions;
    this.socket = socket;
    this.output = output;
    this.codec = codec;
    this.metrics = hub.metrics();
    this.channelCommands = new ChannelCommands(this, hub, channels);
    this.chatCommands = new ChatCommands(this, hub);
    this.pushes = new PushBatch(sessions.endOfTurn(), output, codec, metrics::frameOut);
    this.awaitingConnect = new AwaitingConnect(hub.config().maxCommandsPerFrame());
    this.commandBucket =
        new CommandBucket(
            hub.clock(), hub.config().commandsPerSecond(), hub.config().commandsBurst());
  }

  /** Starts reading frames; the client has {@code hub.connect-timeout-ms} to connect. */
  public void start() {
    metrics.connected();
    // Sets the channel's write-buffer water marks, which SocketOutput's back-pressure reads.
    socket.setWriteQueueMaxSize(hub.config().writeQueueBytes());
    socket.textMessageHandler(text -> onFrame(Buffer.buffer(text, "UTF-8")));
    socket.binaryMessageHandler(this::onFrame);
    socket.exceptionHandler(failure -> LOG.debug("WebSocket {} failed", clientId, failure));
    socket.closeHandler(gone -> onClosed());
    connectTimer =
        vertx.setTimer(
            hub.config().connectTimeoutMs(),
            id -> {
              connectTimer = -1;
              if (caller == null) {
                disconnect(DisconnectCode.STALE);
              }
            });
  }

  /** The verified caller; null before connect succeeded. */
  public Caller caller() {
    return caller;
  }

  public String clientId() {
    return clientId;
  }

  @Override
  public boolean staff() {
    return caller != null && ChannelAccess.isStaff(caller);
  }

  /** The subscription to {@code channel}, or null. */
  public Subscription subscription(String channel) {
    return subscriptions.get(channel);
  }

  /** Subscriptions of this connection. */
  public Collection<Subscription> subscriptions() {
    return subscriptions.values();
  }

  /** Records a subscription; false when the connection is closed (and it is not recorded). */
  boolean addSubscription(Subscription subscription) {
    if (closed()) {
      return false;
    }
    subscriptions.put(subscription.channel().wire(), subscription);
    channels.add(subscription);
    metrics.subscribed();
    return true;
  }

  /** Forgets a subscription. */
  void removeSubscription(Subscription subscription) {
    if (subscriptions.remove(subscription.channel().wire(), subscription)) {
      channels.remove(subscription);
      metrics.unsubscribed(1);
    }
  }

  @Override
  public ContextInternal context() {
    return context;
  }

  /** Keeps where LocalSessions queued this session's pings and refreshes, to stop them. */
  void heartbeats(
      Recurring.Entry<ClientSession> pings, Recurring.Entry<ClientSession> presenceRefreshes) {
    this.pings = pings;
    this.presenceRefreshes = presenceRefreshes;
  }

  /** Stops the pings and presence refreshes LocalSessions runs for this session. */
  void stopHeartbeats() {
    if (pings != null) {
      pings.cancel();
      presenceRefreshes.cancel();
    }
  }

  /** True once the connection closed, or the hub decided to close it. */
  @Override
  public boolean closed() {
    return closed || closing != null;
  }

  @Override
  public void push(EncodedPush push, boolean ephemeral) {
    if (closed()) {
      return;
    }
    if (pushes.isEmpty()) {
      // Asked once per event-loop turn that has pushes for this connection: the batch's frame is
      // what this turn adds to the buffer. A socket closing later in the turn is caught by the
      // batch, which checks before it writes.
      if (!output.open()) {
        // The client's Close came and the close handler has not run yet: a push racing the close
        // is expected.
        return;
      }
      writeQueueFull = output.full();
      if (!writeQueueFull && slowTimer >= 0) {
        // Drained since the timer started: the queue did not stay full.
        cancelSlowTimer();
      }
    }
    if (writeQueueFull) {
      if (ephemeral) {
        metrics.dropped();
        return;
      }
      startSlowTimer();
    }
    pushes.add(push);
    metrics.delivered();
  }

  /** Writes one reply. */
  void write(Reply reply) {
    if (closed() || !output.open()) {
      return;
    }
    pushes.flush();
    output.sendAtEndOfTurn(EncodedPush.frame(reply, codec));
    metrics.frameOut();
  }

  @Override
  public void disconnect(DisconnectCode code) {
    disconnect(code, code.reason());
  }

  /**
   * Closes the connection with {@code code} and a reason for people reading logs (cut to what a
   * close frame holds); completes when the close is done (the client answered, or the socket went).
   * Only the first close of a connection is sent and counted.
   */
  public Future<Void> disconnect(DisconnectCode code, String reason) {
    if (closing != null) {
      return closing;
    }
    if (closed || socket.isClosed()) {
      return Future.succeededFuture();
    }
    metrics.closed(code.code());
    LOG.debug("Closing {} with {} ({})", clientId, code.code(), reason);
    // Pushes and replies given before the decision still go out, ahead of the Close frame.
    pushes.flush();
    output.flushNow();
    cancelSlowTimer();
    cancelPongTimer();
    awaitingConnect.clear();
    closing = socket.close((short) code.code(), CloseReason.fit(reason));
    return closing;
  }

  private void onFrame(Buffer frame) {
    if (closed()) {
      return;
    }
    metrics.frameIn();
    cancelPongTimer();
    if (frame.length() > hub.config().maxFrameBytes()) {
      metrics.badFrame();
      disconnect(DisconnectCode.MESSAGE_TOO_BIG, frame.length() + " bytes");
      return;
    }
    List<Command> commands;
    try {
      commands = codec.decode(frame);
    } catch (BadFrameException bad) {
      metrics.badFrame();
      disconnect(DisconnectCode.BAD_REQUEST, bad.getMessage());
      return;
    }
    receiveAll(commands);
  }

  /**
   * Runs the commands of a frame that the connection's bucket has room for. Counted here, as they
   * arrive, and not in {@link #handle}: commands that waited for the connect reply run through it a
   * second time.
   */
  private void receiveAll(List<Command> commands) {
    for (Command command : commands) {
      if (closed()) {
        return;
      }
      if (isPong(command)) {
        continue; // pongs answer the hub's own pings: never refused
      }
      switch (commandBucket.take()) {
        case RUN -> handle(command);
        case REFUSE -> refuse(command);
        case CLOSE ->
            disconnect(
                DisconnectCode.TOO_MANY_REQUESTS,
                "more than " + CommandBucket.MAX_REFUSALS + " commands refused within a second");
      }
    }
  }

  private void refuse(Command command) {
    if (command.getId() == 0) {
      // Nothing to answer: an asynchronous message is dropped anyway, a command without id closes.
      handle(command);
      return;
    }
    fail(command.getId(), ErrorCode.TOO_MANY_REQUESTS.error(null));
  }

  private static boolean isPong(Command command) {
    return command.equals(Command.getDefaultInstance());
  }

  private void handleAll(List<Command> commands) {
    for (Command command : commands) {
      if (closed()) {
        return;
      }
      handle(command);
    }
  }

  private void handle(Command command) {
    if (isPong(command)) {
      return;
    }
    if (command.hasSend()) {
      return; // asynchronous messages to the server carry no reply and have no use here
    }
    if (command.getId() == 0) {
      disconnect(DisconnectCode.BAD_REQUEST, "command without id");
      return;
    }
    if (command.hasConnect()) {
      if (caller != null || connecting) {
        disconnect(DisconnectCode.BAD_REQUEST, "connect sent twice");
        return;
      }
      connect(command);
      return;
    }
    if (connecting) {
      awaitConnect(command);
      return;
    }
    if (caller == null) {
      disconnect(DisconnectCode.BAD_REQUEST, "connect must come first");
      return;
    }
    Future<Reply.Builder> result;
    try {
      result = dispatch(command);
    } catch (ReplyError refused) {
      result = Future.failedFuture(refused);
    }
    int id = command.getId();
    result.onComplete(
        done -> {
          if (done.succeeded()) {
            Reply.Builder reply = done.result();
            if (reply != null) {
              write(reply.setId(id).build());
            }
          } else {
            fail(id, done.cause());
          }
        });
  }

  private Future<Reply.Builder> dispatch(Command command) {
    if (command.hasSubscribe()) {
      return channelCommands.subscribe(command.getId(), command.getSubscribe());
    }
    if (command.hasUnsubscribe()) {
      return channelCommands.unsubscribe(command.getUnsubscribe());
    }
    if (command.hasPublish()) {
      return chatCommands.publish(command.getPublish());
    }
    if (command.hasHistory()) {
      return channelCommands.history(command.getHistory());
    }
    if (command.hasPresence()) {
      return channelCommands.presence(command.getPresence());
    }
    if (command.hasPresenceStats()) {
      return channelCommands.presenceStats(command.getPresenceStats());
    }
    if (command.hasRpc()) {
      return chatCommands.rpc(command.getRpc());
    }
    if (command.hasRefresh()) {
      return refresh(command.getRefresh().getToken());
    }
    if (command.hasPing()) {
      return Future.succeededFuture(Reply.newBuilder().setPing(PingResult.getDefaultInstance()));
    }
    throw ErrorCode.METHOD_NOT_FOUND.error(null);
  }

  /** Answers a failed command; the connection stays open. */
  void fail(int id, Throwable failure) {
    ReplyError error = ReplyErrors.of(failure);
    if (error == null) {
      LOG.error("Command {} of {} failed", id, clientId, failure);
      error = ErrorCode.INTERNAL.error(null);
    }
    metrics.replyError(error.code().code());
    write(Reply.newBuilder().setId(id).setError(error.toProto()).build());
  }

  /** Keeps a command that came after connect, to run once the connect is accepted. */
  private void awaitConnect(Command command) {
    if (!awaitingConnect.offer(command)) {
      disconnect(
          DisconnectCode.BAD_REQUEST,
          "more than " + awaitingConnect.limit() + " commands before the connect reply");
    }
  }

  private void connect(Command command) {
    connecting = true;
    cancelTimer(connectTimer);
    connectTimer = -1;
    int id = command.getId();
    hub.tokens()
        .verify(command.getConnect().getToken())
        .onFailure(refused -> refuseToken(id, refused))
        .compose(
            verified ->
                hub.connections()
                    .admit(verified.tenantId(), verified.userId(), clientId)
                    .onFailure(this::refuseAdmission)
                    .map(admittedNow -> verified))
        .onSuccess(verified -> connected(id, verified));
  }

  private void refuseToken(int id, Throwable refused) {
    connecting = false;
    // What was sent on the strength of a refused connect must not run.
    awaitingConnect.clear();
    if (refused instanceof Unauthenticated unauthenticated
        && unauthenticated.detail().startsWith("token expired")) {
      // The SDK asks its application for a fresh token and connects again.
      fail(id, ErrorCode.TOKEN_EXPIRED.error(null));
      return;
    }
    disconnect(DisconnectCode.INVALID_TOKEN, refused.getMessage());
  }

  private void refuseAdmission(Throwable refused) {
    connecting = false;
    awaitingConnect.clear();
    if (refused instanceof ConnectionLimitExceeded) {
      disconnect(DisconnectCode.CONNECTION_LIMIT, refused.getMessage());
    } else {
      LOG.error("Could not admit {}", clientId, refused);
      disconnect(DisconnectCode.SERVER_ERROR);
    }
  }

  private void connected(int id, Caller verified) {
    connecting = false;
    admitted = true;
    if (closed()) {
      // The socket went while the token was checked: give the slot back.
      awaitingConnect.clear();
      hub.connections().release(verified.tenantId(), verified.userId(), clientId);
      return;
    }
    caller = verified;
    sessions.add(this);
    scheduleExpiry();
    chatCommands.connected();
    write(
        Reply.newBuilder()
            .setId(id)
            .setConnect(
                ConnectResult.newBuilder()
                    .setClient(clientId)
                    .setVersion(VERSION)
                    .setExpires(true)
                    .setTtl(ttlSeconds())
                    .setPing(hub.config().pingIntervalSeconds())
                    .setPong(true)
                    .setNode(hub.node()))
            .build());
    // Commands sent behind the connect run now, in the order they came, after its reply.
    handleAll(awaitingConnect.takeAll());
  }

  private Future<Reply.Builder> refresh(String token) {
    return hub.tokens()
        .verify(token)
        .recover(
            refused ->
                Future.failedFuture(
                    refused instanceof Unauthenticated unauthenticated
                            && unauthenticated.detail().startsWith("token expired")
                        ? ErrorCode.TOKEN_EXPIRED.error(null)
                        : ErrorCode.UNAUTHORIZED.error(refused.getMessage())))
        .map(
            fresh -> {
              if (!fresh.tenantId().equals(caller.tenantId())
                  || !fresh.userId().equals(caller.userId())) {
                disconnect(DisconnectCode.PERMISSION_DENIED, "refresh token names someone else");
                return null;
              }
              caller = fresh;
              scheduleExpiry();
              return Reply.newBuilder()
                  .setRefresh(
                      RefreshResult.newBuilder()
                          .setClient(clientId)
                          .setVersion(VERSION)
                          .setExpires(true)
                          .setTtl(ttlSeconds()));
            });
  }

  private int ttlSeconds() {
    long seconds = caller.expiresAt().getEpochSecond() - hub.clock().instant().getEpochSecond();
    return (int) Math.max(1, Math.min(Integer.MAX_VALUE, seconds));
  }

  private void scheduleExpiry() {
    cancelExpiry();
    if (closed) {
      return; // a refresh answered after the socket went: nothing left to expire
    }
    long ms = caller.expiresAt().plus(hub.expiryGrace()).toEpochMilli() - hub.clock().millis();
    expiry = sessions.expireIn(this, Math.max(1, ms));
  }

  /** Closes the connection as its token ran out; LocalSessions calls it at the deadline. */
  void expire() {
    expiry = null;
    disconnect(DisconnectCode.EXPIRED);
  }

  private void cancelExpiry() {
    if (expiry != null) {
      expiry.cancel();
      expiry = null;
    }
  }

  /** Pings the client; without a pong in time, it goes. LocalSessions calls it periodically. */
  void ping() {
    if (closed) {
      return;
    }
    write(Reply.getDefaultInstance());
    if (pongTimer < 0) {
      pongTimer =
          vertx.setTimer(
              Duration.ofSeconds(hub.config().pongTimeoutSeconds()).toMillis(),
              id -> {
                pongTimer = -1;
                disconnect(DisconnectCode.NO_PONG);
              });
    }
  }

  /** Keeps the connection's presence alive; LocalSessions calls it periodically. */
  void refreshPresence() {
    if (closed || caller == null) {
      return;
    }
    hub.connections().touch(caller.tenantId(), caller.userId(), clientId);
    channelCommands.refreshPresence();
  }

  private void startSlowTimer() {
    if (slowTimer >= 0) {
      return;
    }
    slowTimer =
        vertx.setTimer(
            hub.config().slowConsumerMs(),
            id -> {
              slowTimer = -1;
              // Still full at the end of the grace period: the client reads slower than it is sent.
              if (!closed && output.open() && output.full()) {
                disconnect(DisconnectCode.SLOW);
              }
            });
  }

  private void cancelSlowTimer() {
    cancelTimer(slowTimer);
    slowTimer = -1;
  }

  private void cancelPongTimer() {
    cancelTimer(pongTimer);
    pongTimer = -1;
  }

  private void cancelTimer(long id) {
    if (id >= 0) {
      vertx.cancelTimer(id);
    }
  }

  private void onClosed() {
    if (closed) {
      return;
    }
    closed = true;
    awaitingConnect.clear();
    metrics.disconnected();
    for (long timer : new long[] {connectTimer, pongTimer, slowTimer}) {
      cancelTimer(timer);
    }
    cancelExpiry();
    List<Subscription> gone = new ArrayList<>(subscriptions.values());
    subscriptions.clear();
    gone.forEach(channels::remove);
    metrics.unsubscribed(gone.size());
    if (caller == null || !admitted) {
      return;
    }
    sessions.remove(this);
    channelCommands.left(gone);
    hub.connections()
        .release(caller.tenantId(), caller.userId(), clientId)
        .onSuccess(stillConnected -> chatCommands.disconnected(stillConnected));
  }
}
