package io.switchboard.voice.telephony;

import io.switchboard.platform.auth.Caller;
import io.switchboard.platform.auth.Role;
import io.switchboard.voice.call.CallLine;
import io.switchboard.voice.call.CallRefused;
import io.switchboard.voice.call.CallSession;
import io.switchboard.voice.call.FrameAssembler;
import io.switchboard.voice.call.PlayoutClock;
import io.switchboard.voice.call.VoiceClose;
import io.switchboard.voice.call.VoiceGate;
import io.switchboard.voice.codec.ALaw;
import io.switchboard.voice.codec.Base64Audio;
import io.switchboard.voice.codec.MuLaw;
import io.vertx.core.Future;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.json.JsonObject;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One telephony provider's media stream at {@code /voice/telephony}: the provider's JSON events in,
 * {@code media}, {@code mark} and {@code clear} out. The tenant and a signed token (role service or
 * admin) ride in the start event's custom parameters. Bad frames are dropped and counted; they
 * never end the call or stall another.
 */
public final class TelephonyStream implements CallLine {

  /** Name of this endpoint in meters. */
  public static final String ENDPOINT = "telephony";

  /** Most G.711 bytes one media event may carry: 200 ms. */
  public static final int MAX_CHUNK_BYTES = 1600;

  /** Events held while the call starts (a second of media). */
  private static final int MAX_HELD_EVENTS = 60;

  private static final Logger LOG = LoggerFactory.getLogger(TelephonyStream.class);

  private final ServerWebSocket socket;
  private final VoiceGate gate;
  private final int maxFrameBytes;
  private final Deque<Held> held = new ArrayDeque<>();
  private final byte[] decoded = new byte[MAX_CHUNK_BYTES];
  private final byte[] g711Out = new byte[160];
  private final StringBuilder base64Out = new StringBuilder(256);
  private CallSession session;
  private TelephonyEvent.Start start;
  private ReorderBuffer reorder;
  private FrameAssembler frames;
  private short[] pcm = new short[MAX_CHUNK_BYTES];
  private boolean alaw;
  private boolean starting;
  private boolean closed;
  private long startTimer;
  private long firstChunk = -1;
  private long firstArrival;

  public TelephonyStream(ServerWebSocket socket, VoiceGate gate) {
    this.socket = socket;
    this.gate = gate;
    this.maxFrameBytes = gate.config().maxTelephonyFrameBytes();
  }

  /** Starts reading the stream. */
  public void start() {
    gate.calls().add(this);
    socket.textMessageHandler(this::onText);
    socket.binaryMessageHandler(binary -> gate.metrics().refused(ENDPOINT, "binary-frame"));
    socket.closeHandler(closed -> onClosed());
    socket.exceptionHandler(failure -> LOG.debug("Telephony stream: {}", failure.getMessage()));
    startTimer =
        gate.vertx()
            .setTimer(
                gate.config().startTimeoutMs(),
                id -> {
                  if (session == null) {
                    hangUp(VoiceClose.TIMEOUT, "no start event in time");
                  }
                });
  }

  private void onText(String text) {
    if (closed) {
      return;
    }
    long arrived = System.nanoTime();
    // Characters, not bytes: a frame of ASCII JSON, as providers send, has as many of either.
    if (text.length() > maxFrameBytes) {
      gate.metrics().refused(ENDPOINT, "too-big");
      hangUp(VoiceClose.TOO_BIG, "frame larger than " + maxFrameBytes + " bytes");
      return;
    }
    TelephonyEvent event;
    try {
      event = TelephonyFrames.read(text);
    } catch (BadTelephonyFrame bad) {
      gate.metrics().refused(ENDPOINT, "bad-frame");
      LOG.debug("Telephony stream: frame dropped: {}", bad.getMessage());
      return;
    }
    if (starting) {
      if (held.size() < MAX_HELD_EVENTS) {
        held.add(new Held(event, arrived));
      } else {
        gate.metrics().refused(ENDPOINT, "while-starting");
      }
      return;
    }
    handle(event, arrived);
  }

  /** An event that came while the call was starting, and when it came. */
  private record Held(TelephonyEvent event, long arrivedNanos) {}

  private void handle(TelephonyEvent event, long arrived) {
    if (event instanceof TelephonyEvent.Media media) {
      onMedia(media, arrived);
    } else if (event instanceof TelephonyEvent.Start start) {
      onStart(start);
    } else if (event instanceof TelephonyEvent.Dtmf dtmf) {
      if (session != null) {
        session.digit(dtmf.digit(), "provider");
      }
    } else if (event instanceof TelephonyEvent.Mark mark) {
      if (session != null) {
        session.heard(mark.name());
      }
    } else if (event instanceof TelephonyEvent.Stop) {
      hangUp(VoiceClose.NORMAL, "stream stopped");
    }
  }

  private void onStart(TelephonyEvent.Start s) {
    if (start != null) {
      gate.metrics().refused(ENDPOINT, "second-start");
      return;
    }
    start = s;
    starting = true;
    alaw = "audio/x-alaw".equals(s.encoding());
    String token = s.parameters().get("token");
    String tenant = s.parameters().get("tenant");
    gate.verify(token)
        .compose(caller -> authorised(caller, tenant))
        .compose(caller -> gate.open(this, caller, "inbound"))
        .onSuccess(this::started)
        .onFailure(this::refused);
  }

  private Future<Caller> authorised(Caller caller, String tenant) {
    if (tenant != null && !tenant.equals(caller.tenantId())) {
      return Future.failedFuture(new CallRefused(VoiceClose.FORBIDDEN, "token of another tenant"));
    }
    if (!caller.has(Role.SERVICE) && !caller.has(Role.ADMIN)) {
      return Future.failedFuture(
          new CallRefused(VoiceClose.FORBIDDEN, "telephony streams need a service or admin token"));
    }
    return Future.succeededFuture(caller);
  }

  private void started(CallSession opened) {
    gate.vertx().cancelTimer(startTimer);
    if (closed) {
      opened.end("hung up while starting");
      gate.release(opened);
      return;
    }
    session = opened;
    frames = new FrameAssembler(sampleRate(), session::audio);
    reorder = new ReorderBuffer(gate.config().reorderFrames(), alaw, this::decoded);
    starting = false;
    while (!held.isEmpty() && !closed) {
      Held next = held.poll();
      handle(next.event(), next.arrivedNanos());
    }
  }

  private void refused(Throwable failure) {
    starting = false;
    held.clear();
    if (failure instanceof CallRefused refused) {
      hangUp(refused.close(), refused.getMessage());
    } else {
      LOG.warn("Telephony stream refused: {}", failure.toString());
      hangUp(VoiceClose.UNAVAILABLE, "call could not start");
    }
  }

  private void onMedia(TelephonyEvent.Media media, long arrived) {
    if (session == null) {
      gate.metrics().refused(ENDPOINT, "media-before-start");
      return;
    }
    int n = Base64Audio.decode(media.payload(), decoded, 0);
    if (n < 0) {
      gate.metrics().refused(ENDPOINT, "bad-base64");
      return;
    }
    if (n == 0) {
      gate.metrics().refused(ENDPOINT, "empty-media");
      return;
    }
    // Decoded into one scratch array per stream; the reorder buffer keeps an exact-size copy.
    reorder.accept(media.chunk(), Arrays.copyOf(decoded, n));
    measure(media.chunk(), arrived);
  }

  /**
   * How late this chunk's processing finished against the stream's schedule: the first chunk's
   * arrival (as the socket handed it over, before the call had started if it came then) plus 20 ms
   * for each chunk since. A node that keeps up stays within a few milliseconds; one that falls
   * behind grows it frame after frame.
   */
  private void measure(long chunk, long arrived) {
    long now = System.nanoTime();
    if (firstChunk < 0) {
      firstChunk = chunk;
      firstArrival = arrived;
    }
    long due = firstArrival + (chunk - firstChunk) * PlayoutClock.FRAME_NANOS;
    gate.metrics().frameDelay(now - due);
  }

  private void decoded(byte[] g711) {
    if (alaw) {
      ALaw.decode(g711, 0, pcm, 0, g711.length);
    } else {
      MuLaw.decode(g711, 0, pcm, 0, g711.length);
    }
    frames.accept(pcm, 0, g711.length);
  }

  private void onClosed() {
    closed = true;
    gate.vertx().cancelTimer(startTimer);
    gate.calls().remove(this);
    if (reorder != null) {
      reorder.flush();
    }
    if (session != null) {
      session.end("hung up");
      gate.release(session);
    }
  }

  // --- CallLine

  @Override
  public int sampleRate() {
    return 8_000;
  }

  @Override
  public void play(short[] frame) {
    // The socket may be closed before its close handler has run.
    if (closed || start == null || socket.isClosed()) {
      return;
    }
    if (socket.writeQueueFull()) {
      gate.metrics().refused(ENDPOINT, "reply-dropped");
      return;
    }
    if (alaw) {
      ALaw.encode(frame, 0, g711Out, 0, frame.length);
    } else {
      MuLaw.encode(frame, 0, g711Out, 0, frame.length);
    }
    base64Out.setLength(0);
    Base64Audio.encode(g711Out, 0, frame.length, base64Out);
    socket.writeTextMessage(TelephonyFrames.media(start.streamSid(), base64Out));
  }

  @Override
  public void mark(String name) {
    if (!closed && start != null && !socket.isClosed()) {
      socket.writeTextMessage(TelephonyFrames.mark(start.streamSid(), name));
    }
  }

  @Override
  public void clear() {
    if (!closed && start != null && !socket.isClosed()) {
      socket.writeTextMessage(TelephonyFrames.clear(start.streamSid()));
    }
  }

  @Override
  public void event(JsonObject event) {
    // The provider's protocol has no place for call events; the console gets them from the hub.
  }

  @Override
  public void hangUp(VoiceClose code, String reason) {
    if (!socket.isClosed()) {
      socket.close((short) code.code(), reason);
    }
  }
}
