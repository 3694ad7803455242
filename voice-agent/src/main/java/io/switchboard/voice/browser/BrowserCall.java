package io.switchboard.voice.browser;

import io.switchboard.voice.call.CallLine;
import io.switchboard.voice.call.CallRefused;
import io.switchboard.voice.call.CallSession;
import io.switchboard.voice.call.VoiceClose;
import io.switchboard.voice.call.VoiceGate;
import io.switchboard.voice.codec.Pcm16;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A call from a browser microphone at {@code /voice/browser}: a {@code start} control frame with
 * the caller's token first, then binary frames of 20 ms of 16-bit little-endian PCM at 16 kHz (640
 * bytes) both ways, and JSON control frames. A bad frame gets an {@code error} frame and is
 * dropped; the call goes on.
 */
public final class BrowserCall implements CallLine {

  /** Name of this endpoint in meters. */
  public static final String ENDPOINT = "browser";

  /** Bytes of one audio frame: 20 ms of 16-bit PCM at 16 kHz. */
  public static final int FRAME_BYTES = 640;

  /** Error frames sent per second at most, so a broken client is not flooded; all are counted. */
  private static final int MAX_ERRORS_PER_SECOND = 10;

  private static final Logger LOG = LoggerFactory.getLogger(BrowserCall.class);

  private final ServerWebSocket socket;
  private final VoiceGate gate;
  private final int maxFrameBytes;
  private final short[] frame = new short[FRAME_BYTES / 2];
  private CallSession session;
  private boolean starting;
  private boolean closed;
  private long startTimer;
  private long errorWindowStart;
  private int errorsInWindow;

  public BrowserCall(ServerWebSocket socket, VoiceGate gate) {
    this.socket = socket;
    this.gate = gate;
    this.maxFrameBytes = gate.config().maxBrowserFrameBytes();
  }

  /** Starts reading the socket. */
  public void start() {
    gate.calls().add(this);
    socket.textMessageHandler(this::onText);
    socket.binaryMessageHandler(this::onAudio);
    socket.closeHandler(v -> onClosed());
    socket.exceptionHandler(failure -> LOG.debug("Browser call: {}", failure.getMessage()));
    startTimer =
        gate.vertx()
            .setTimer(
                gate.config().startTimeoutMs(),
                id -> {
                  if (session == null) {
                    hangUp(VoiceClose.TIMEOUT, "no start in time");
                  }
                });
  }

  private void onText(String text) {
    if (closed) {
      return;
    }
    if (text.length() > maxFrameBytes) {
      gate.metrics().refused(ENDPOINT, "too-big");
      hangUp(VoiceClose.TOO_BIG, "frame larger than " + maxFrameBytes + " bytes");
      return;
    }
    JsonObject control;
    try {
      control = new JsonObject(text);
    } catch (DecodeException | ClassCastException e) {
      bad("bad-json", "a control frame must be a JSON object");
      return;
    }
    String type = control.getValue("type") instanceof String t ? t : "";
    switch (type) {
      case "start" -> onStart(control);
      case "dtmf" -> onDigit(control);
      case "mark" -> {
        if (session != null && control.getValue("name") instanceof String name) {
          session.heard(name);
        }
      }
      case "stop" -> hangUp(VoiceClose.NORMAL, "caller hung up");
      default -> bad("unknown-type", "unknown control frame type");
    }
  }

  private void onStart(JsonObject control) {
    if (session != null || starting) {
      bad("second-start", "the call has already started");
      return;
    }
    starting = true;
    Object token = control.getValue("token");
    gate.verify(token instanceof String t ? t : null)
        .compose(caller -> gate.open(this, caller, "inbound"))
        .onSuccess(this::started)
        .onFailure(this::refused);
  }

  private void started(CallSession opened) {
    gate.vertx().cancelTimer(startTimer);
    starting = false;
    if (closed) {
      opened.end("hung up while starting");
      gate.release(opened);
      return;
    }
    session = opened;
  }

  private void refused(Throwable failure) {
    starting = false;
    if (failure instanceof CallRefused refused) {
      hangUp(refused.close(), refused.getMessage());
    } else {
      LOG.warn("Browser call refused: {}", failure.toString());
      hangUp(VoiceClose.UNAVAILABLE, "call could not start");
    }
  }

  private void onDigit(JsonObject control) {
    Object digit = control.getValue("digit");
    if (!(digit instanceof String d)
        || d.length() != 1
        || "0123456789*#ABCD".indexOf(d.charAt(0)) < 0) {
      bad("bad-dtmf", "digit must be one of 0-9, *, #, A-D");
      return;
    }
    if (session != null) {
      session.digit(d.charAt(0), "control");
    }
  }

  private void onAudio(Buffer audio) {
    if (closed) {
      return;
    }
    if (audio.length() > maxFrameBytes) {
      gate.metrics().refused(ENDPOINT, "too-big");
      hangUp(VoiceClose.TOO_BIG, "frame larger than " + maxFrameBytes + " bytes");
      return;
    }
    if (session == null) {
      bad("audio-before-start", "audio before start");
      return;
    }
    if (audio.length() != FRAME_BYTES) {
      bad("bad-size", "an audio frame must be 640 bytes: 20 ms of 16-bit PCM at 16 kHz");
      return;
    }
    Pcm16.toSamples(audio, 0, frame, 0, frame.length);
    session.audio(frame);
  }

  private void bad(String reason, String message) {
    gate.metrics().refused(ENDPOINT, reason);
    long now = System.nanoTime();
    if (now - errorWindowStart > 1_000_000_000L) {
      errorWindowStart = now;
      errorsInWindow = 0;
    }
    if (errorsInWindow++ < MAX_ERRORS_PER_SECOND) {
      send(new JsonObject().put("type", "error").put("code", reason).put("message", message));
    }
  }

  private void onClosed() {
    closed = true;
    gate.vertx().cancelTimer(startTimer);
    gate.calls().remove(this);
    if (session != null) {
      session.end("hung up");
      gate.release(session);
    }
  }

  private void send(JsonObject event) {
    if (!closed && !socket.isClosed()) {
      socket.writeTextMessage(event.encode());
    }
  }

  // --- CallLine

  @Override
  public int sampleRate() {
    return 16_000;
  }

  @Override
  public void play(short[] reply) {
    // The socket may be closed before its close handler has run.
    if (closed || socket.isClosed()) {
      return;
    }
    if (socket.writeQueueFull()) {
      gate.metrics().refused(ENDPOINT, "reply-dropped");
      return;
    }
    socket.writeBinaryMessage(
        Pcm16.append(reply, 0, reply.length, Buffer.buffer(2 * reply.length)));
  }

  @Override
  public void mark(String name) {
    send(new JsonObject().put("type", "mark").put("name", name));
  }

  @Override
  public void clear() {
    send(new JsonObject().put("type", "clear"));
  }

  @Override
  public void event(JsonObject event) {
    send(event);
  }

  @Override
  public void hangUp(VoiceClose code, String reason) {
    if (!socket.isClosed()) {
      socket.close((short) code.code(), reason);
    }
  }
}
