package io.switchboard.voice.call;

import io.switchboard.platform.auth.Caller;
import io.switchboard.voice.ai.AiTurn;
import io.switchboard.voice.codec.Pcm16;
import io.switchboard.voice.codec.RationalResampler;
import io.switchboard.voice.dtmf.DtmfDetector;
import io.switchboard.voice.recording.CallRecorder;
import io.switchboard.voice.stt.Transcript;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One call, whatever line carries it: the caller's audio goes through DTMF, VAD and speech-to-text;
 * a finished utterance goes to the menu, the AI agent or (when the AI is off, declines or is asked
 * to) a human agent; replies are spoken sentence by sentence and played at real time; the caller
 * speaking over a reply stops it within a frame. Lives on one event loop: every method is called
 * there, and speech work happens on the engines' worker pools.
 */
public final class CallSession implements CallerSpeech.Listener, CallMonitors.Control {

  private static final Logger LOG = LoggerFactory.getLogger(CallSession.class);

  /** Most earlier segments handed to the AI agent with a turn. */
  private static final int HISTORY_SEGMENTS = 20;

  /** Said when the call goes to a human agent. */
  static final String HOLD_PROMPT = "Please hold while I connect you to an agent.";

  /** Said when a menu answer matched nothing. */
  static final String AGAIN_PROMPT = "Sorry, I did not catch that.";

  /** Who is answering the caller. */
  enum Mode {
    /** The menu waits for a key or a word. */
    MENU,
    /** The AI agent answers each turn. */
    BOT,
    /** Waiting for a human agent to take over. */
    WAITING,
    /** A human agent took over. */
    HUMAN
  }

  private final CallServices services;
  private final Vertx vertx;
  private final CallLine line;
  private final Caller service;
  private final String tenant;
  private final String direction;
  private final long startNanos = System.nanoTime();
  private final DtmfDetector dtmf;
  private final CallRecords records;
  private final JsonArray transcript = new JsonArray();
  private final Promise<Void> ended = Promise.promise();
  private VoiceSettings settings = VoiceSettings.DEFAULTS;
  private CallerSpeech speech;
  private Playout playout;
  private CallMonitors monitors;
  private CallRecorder recorder;
  private RationalResampler agentToLine;
  private Mode mode = Mode.BOT;
  private String callId;
  private String inboxId;
  private String humanUser;
  private SpokenReply reply;
  private AiTurn aiTurn;
  private long awaitingReplySince = -1;
  private long lastAudioNanos = System.nanoTime();
  private long clipStartMs;
  private long timer = -1;
  private boolean closed;

  /**
   * @param service the voice role acting for the call's tenant, for its records
   * @param direction inbound or outbound
   */
  public CallSession(CallServices services, CallLine line, Caller service, String direction) {
    this.services = services;
    this.vertx = services.vertx();
    this.line = line;
    this.service = service;
    this.tenant = service.tenantId();
    this.direction = direction;
    this.dtmf = new DtmfDetector(line.sampleRate());
    this.records = new CallRecords(services.crud(), vertx.eventBus(), service);
  }

  /** The call's id, once started. */
  public String callId() {
    return callId;
  }

  /** The call's tenant. */
  public String tenant() {
    return tenant;
  }

  /** Completes when the call has ended and its records are written. */
  public Future<Void> ended() {
    return ended.future();
  }

  /**
   * Starts the call: the tenant's settings, the call record, the recording, the monitors' address;
   * then the greeting. Fails with a {@link VoiceClose} reason when the call may not start.
   */
  public Future<String> start() {
    return services
        .settings(service)
        .compose(this::admit)
        .compose(admitted -> records.open(direction).recover(CallSession::unrecorded))
        .compose(this::opened)
        .onFailure(failure -> closed = true);
  }

  private static Future<String> unrecorded(Throwable failure) {
    LOG.warn("Call not started: its record could not be created: {}", failure.getMessage());
    return Future.failedFuture(new CallRefused(VoiceClose.UNAVAILABLE, "call records unavailable"));
  }

  private Future<Void> admit(VoiceSettings loaded) {
    if (!loaded.voiceEnabled()) {
      return Future.failedFuture(
          new CallRefused(VoiceClose.FORBIDDEN, "voice is off for this tenant"));
    }
    settings = loaded;
    return Future.succeededFuture();
  }

  private Future<String> opened(String id) {
    callId = id;
    int rate = line.sampleRate();
    playout = new Playout(services.clock(), rate, new PlayoutSink());
    speech = new CallerSpeech(rate, services.config().vad(), services.stt(), tenant, this);
    monitors = new CallMonitors(vertx.eventBus(), tenant, rate, this);
    agentToLine = rate == 16_000 ? null : new RationalResampler(16_000, rate);
    return monitors
        .listen(id)
        .compose(listening -> services.recorder(tenant, id, rate))
        .onFailure(failure -> monitors.close())
        .map(
            opened -> {
              recorder = opened;
              begin();
              return id;
            });
  }

  private void begin() {
    timer = vertx.setPeriodic(1_000, id -> watchdog());
    services.metrics().callStarted();
    records.publish(new JsonObject().put("type", "started").put("call_id", callId));
    line.event(new JsonObject().put("type", "started").put("call_id", callId));
    if (services.stt() == null) {
      mode = Mode.WAITING;
    } else if (settings.hasMenu()) {
      mode = Mode.MENU;
      speech.phrases(settings.menuPhrases());
    } else {
      mode = settings.ai() ? Mode.BOT : Mode.WAITING;
    }
    String opening = String.join(" ", nonEmpty(settings.greeting(), settings.menuPrompt()));
    if (mode == Mode.WAITING) {
      opening = String.join(" ", nonEmpty(settings.greeting(), HOLD_PROMPT));
      announceHandoff("ai off");
    }
    say(opening);
  }

  /** One 20 ms frame of the caller's audio at the line's rate (the array may be reused). */
  public void audio(short[] frame) {
    if (closed || callId == null) {
      return;
    }
    long began = System.nanoTime();
    lastAudioNanos = began;
    if (recorder != null) {
      recorder.caller(frame, 0, frame.length);
    }
    monitors.caller(frame);
    char digit = dtmf.accept(frame, 0, frame.length);
    if (digit != 0) {
      digit(digit, "inband");
    }
    speech.frame(frame, nowMs(), dtmf.toneActive());
    services.metrics().frameProcessed(System.nanoTime() - began);
  }

  /** A key the caller pressed ({@code source}: the provider's event or in-band tones). */
  public void digit(char digit, String source) {
    if (closed || callId == null) {
      return;
    }
    JsonObject event =
        new JsonObject()
            .put("type", "dtmf")
            .put("digit", String.valueOf(digit))
            .put("source", source);
    records.publish(event);
    monitors.event(event);
    if (mode != Mode.MENU) {
      return;
    }
    VoiceSettings.MenuOption option = settings.byDigit(digit);
    if (option != null) {
      route(option);
    }
  }

  /** The line played everything sent before the mark {@code name}. */
  public void heard(String name) {
    if (closed || callId == null) {
      return;
    }
    monitors.event(new JsonObject().put("type", "heard").put("mark", name));
  }

  /** Ends the call: records written, recording closed, monitors told. */
  public Future<Void> end(String why) {
    if (closed) {
      return ended.future();
    }
    closed = true;
    if (timer >= 0) {
      vertx.cancelTimer(timer);
    }
    cancelReply();
    if (callId == null) {
      ended.tryComplete();
      return ended.future();
    }
    speech.close();
    playout.close();
    monitors.close();
    services.metrics().callEnded();
    records.publish(new JsonObject().put("type", "ended").put("reason", why));
    LOG.info("Call {} of tenant {} ended: {}", callId, tenant, why);
    Future<String> recording = recorder == null ? Future.succeededFuture() : recorder.close();
    recording
        .recover(
            failure -> {
              LOG.warn("Call {}: recording not kept: {}", callId, failure.getMessage());
              return Future.succeededFuture(null);
            })
        .compose(ref -> records.close("ended", ref))
        .onComplete(done -> ended.tryComplete());
    return ended.future();
  }

  // --- the caller's turns

  @Override
  public void speechStarted() {
    if (mode == Mode.HUMAN || !playout.isPlaying()) {
      return;
    }
    // Barge-in: the caller talks over the bot; stop within this frame.
    interrupt();
    JsonObject event = new JsonObject().put("type", "barge-in");
    line.event(event);
    monitors.event(event);
    services.metrics().bargeIn();
  }

  /**
   * Stops the reply playing now and any still being written; the transcript keeps the words the
   * caller heard.
   */
  private void interrupt() {
    if (playout.isPlaying()) {
      line.clear();
      for (Playout.Played played : playout.clear()) {
        if (played.fraction() > 0 && played.clip().text() != null) {
          segment("bot", heardPart(played), clipStartMs, nowMs());
        }
      }
    }
    cancelReply();
  }

  @Override
  public void utterance(Future<Transcript> transcript, long startMs, long endMs) {
    long endedAt = System.nanoTime();
    transcript
        .onFailure(
            failure ->
                LOG.warn("Call {}: speech not transcribed: {}", callId, failure.getMessage()))
        .onSuccess(
            heard -> {
              if (!closed && !heard.isEmpty()) {
                heard(heard.text(), startMs, endMs, endedAt);
              }
            });
  }

  private void heard(String text, long startMs, long endMs, long endedAt) {
    segment("contact", text, startMs, endMs);
    // Whatever answers (a menu reply, the hold prompt, the AI), its first audio ends the wait.
    awaitingReplySince = endedAt;
    switch (mode) {
      case MENU -> menuAnswer(text);
      case BOT -> {
        if (VoiceSettings.asksForHuman(text)) {
          toHuman("asked for a person");
        } else {
          askAi(text, endedAt);
        }
      }
      default -> {}
    }
  }

  private void menuAnswer(String text) {
    VoiceSettings.MenuOption option = settings.bySpeech(text);
    if (option != null) {
      route(option);
    } else if (VoiceSettings.asksForHuman(text)) {
      toHuman("asked for a person");
    } else {
      say(AGAIN_PROMPT + " " + settings.menuPrompt());
    }
  }

  private void route(VoiceSettings.MenuOption option) {
    // A key pressed over the menu prompt ends it, as a caller expects.
    interrupt();
    inboxId = option.inboxId();
    speech.phrases(List.of());
    JsonObject event =
        new JsonObject()
            .put("type", "routed")
            .put("inbox_id", inboxId)
            .put("choice", option.phrase());
    records.publish(event);
    monitors.event(event);
    line.event(event);
    records.publish(
        "inbox:" + inboxId,
        new JsonObject()
            .put("type", "call")
            .put("call_id", callId)
            .put("state", settings.ai() ? "bot" : "waiting"));
    if (settings.ai()) {
      mode = Mode.BOT;
      say(option.reply());
    } else {
      toHuman("ai off");
      say(String.join(" ", nonEmpty(option.reply(), HOLD_PROMPT)));
    }
  }

  private void askAi(String text, long endedAt) {
    cancelReply();
    JsonArray history = new JsonArray();
    int from = Math.max(0, transcript.size() - HISTORY_SEGMENTS - 1);
    for (int i = from; i < transcript.size() - 1; i++) {
      JsonObject s = transcript.getJsonObject(i);
      history.add(
          new JsonObject().put("speaker", s.getString("speaker")).put("text", s.getString("text")));
    }
    services
        .ai()
        .ask(tenant, callId, text, history)
        .onFailure(
            failure -> {
              if (!closed && mode == Mode.BOT) {
                LOG.info(
                    "Call {}: the AI agent did not take the turn ({}); to a human",
                    callId,
                    failure.getMessage());
                toHuman("ai unavailable");
                say(HOLD_PROMPT);
              }
            })
        .onSuccess(turn -> speakTurn(turn, endedAt));
  }

  private void speakTurn(AiTurn turn, long endedAt) {
    if (closed || mode != Mode.BOT) {
      turn.cancel();
      return;
    }
    SpokenReply spoken = newReply();
    aiTurn = turn;
    turn.start(
        spoken::text,
        handoff -> {
          if (aiTurn == turn) {
            aiTurn = null;
          }
          // The agent's last words are spoken before the hold prompt, not cut off by it.
          spoken
              .finish()
              .onComplete(
                  queued -> {
                    if (handoff && !closed && mode == Mode.BOT && reply == spoken) {
                      toHuman("the AI agent handed over");
                      say(HOLD_PROMPT);
                    }
                  });
        });
  }

  private void toHuman(String why) {
    if (mode == Mode.HUMAN || mode == Mode.WAITING) {
      return;
    }
    cancelReply();
    mode = Mode.WAITING;
    announceHandoff(why);
  }

  private void announceHandoff(String why) {
    JsonObject event =
        new JsonObject().put("type", "handoff").put("reason", why).put("call_id", callId);
    records.publish(event);
    monitors.event(event);
    line.event(event);
    if (inboxId != null) {
      records.publish(
          "inbox:" + inboxId,
          new JsonObject().put("type", "call").put("call_id", callId).put("state", "waiting"));
    }
  }

  // --- speaking

  private void say(String text) {
    if (text == null || text.isBlank() || services.tts() == null || closed) {
      return;
    }
    SpokenReply spoken = newReply();
    spoken.text(text);
    spoken.finish();
  }

  private SpokenReply newReply() {
    cancelReply();
    reply =
        new SpokenReply(
            UUID.randomUUID().toString(), tenant, services.tts(), line.sampleRate(), this::play);
    return reply;
  }

  private void play(Playout.Clip clip) {
    if (closed || (mode == Mode.HUMAN && "bot".equals(clip.speaker()))) {
      return;
    }
    if (!playout.play(clip)) {
      LOG.warn("Call {}: reply audio dropped, the queue is full", callId);
    }
  }

  private void cancelReply() {
    if (reply != null) {
      reply.cancel();
      reply = null;
    }
    if (aiTurn != null) {
      aiTurn.cancel();
      aiTurn = null;
    }
  }

  /** The words of a clip the caller heard before it was cut off. */
  private static String heardPart(Playout.Played played) {
    String[] words = played.clip().text().trim().split("\\s+");
    int heard = (int) Math.ceil(words.length * played.fraction());
    if (heard >= words.length) {
      return played.clip().text();
    }
    return String.join(" ", java.util.Arrays.copyOf(words, Math.max(1, heard))) + " —";
  }

  private void segment(String speaker, String text, long startMs, long endMs) {
    JsonObject segment =
        new JsonObject()
            .put("speaker", speaker)
            .put("text", text)
            .put("startMs", startMs)
            .put("endMs", Math.max(startMs, endMs));
    transcript.add(segment);
    records.segment(segment);
    JsonObject event = new JsonObject().put("type", "transcript").put("segment", segment);
    monitors.event(event);
    line.event(event);
  }

  /** Where played frames go: the line, the recording, the monitors; clip ends become marks. */
  private final class PlayoutSink implements Playout.Sink {

    @Override
    public void started(Playout.Clip clip) {
      clipStartMs = nowMs();
      if (awaitingReplySince >= 0 && "bot".equals(clip.speaker())) {
        // The caller's turn ended awaitingReplySince; this is the first audio of the answer.
        services.metrics().replyLatency(System.nanoTime() - awaitingReplySince);
        awaitingReplySince = -1;
      }
    }

    @Override
    public void frame(short[] frame) {
      line.play(frame);
      if (recorder != null) {
        recorder.reply(frame, 0, frame.length);
      }
      monitors.reply(frame);
    }

    @Override
    public void finished(Playout.Clip clip) {
      // Marks tell when spoken sentences were heard; an agent's live voice needs none.
      if (clip.text() != null) {
        line.mark(clip.id());
        segment(clip.speaker(), clip.text(), clipStartMs, nowMs());
      }
    }
  }

  // --- monitors

  @Override
  public JsonObject snapshot() {
    return new JsonObject()
        .put("call_id", callId)
        .put("mode", mode == Mode.HUMAN ? "human" : mode == Mode.WAITING ? "waiting" : "bot")
        .put("inbox_id", inboxId)
        .put("transcript", transcript.copy());
  }

  @Override
  public Future<Void> takeOver(String user) {
    if (closed) {
      return Future.failedFuture("the call has ended");
    }
    if (mode == Mode.HUMAN && !user.equals(humanUser)) {
      return Future.failedFuture("another agent has taken over this call");
    }
    interrupt();
    mode = Mode.HUMAN;
    humanUser = user;
    speech.phrases(List.of());
    JsonObject event = new JsonObject().put("type", "takeover").put("user", user);
    records.publish(event);
    monitors.event(event);
    line.event(event);
    return Future.succeededFuture();
  }

  @Override
  public Future<String> handBack(String user) {
    if (mode != Mode.HUMAN || !user.equals(humanUser)) {
      return Future.failedFuture("this agent has not taken over the call");
    }
    mode = settings.ai() && services.stt() != null ? Mode.BOT : Mode.WAITING;
    humanUser = null;
    JsonObject event =
        new JsonObject()
            .put("type", "handback")
            .put("user", user)
            .put("mode", mode == Mode.BOT ? "bot" : "waiting");
    records.publish(event);
    monitors.event(event);
    line.event(event);
    return Future.succeededFuture(event.getString("mode"));
  }

  @Override
  public void agentAudio(Buffer pcm16k) {
    if (closed || mode != Mode.HUMAN || pcm16k.length() % 2 != 0 || pcm16k.length() > 64_000) {
      return;
    }
    short[] samples = new short[pcm16k.length() / 2];
    Pcm16.toSamples(pcm16k, 0, samples, 0, samples.length);
    short[] onLine = samples;
    if (agentToLine != null) {
      onLine = new short[agentToLine.maxOutput(samples.length)];
      onLine = Arrays.copyOf(onLine, agentToLine.process(samples, 0, samples.length, onLine, 0));
    }
    playout.play(new Playout.Clip("agent:" + UUID.randomUUID(), "agent", null, onLine));
  }

  // --- time

  private long nowMs() {
    return (System.nanoTime() - startNanos) / 1_000_000;
  }

  private void watchdog() {
    long now = System.nanoTime();
    if ((now - lastAudioNanos) / 1_000_000 > services.config().idleTimeoutMs()) {
      line.hangUp(VoiceClose.TIMEOUT, "no audio from the caller");
    } else if ((now - startNanos) / 1_000_000_000 > services.config().maxCallSeconds()) {
      line.hangUp(VoiceClose.TOO_LONG, "the call reached its longest");
    }
  }

  private static List<String> nonEmpty(String... texts) {
    return java.util.Arrays.stream(texts).filter(t -> t != null && !t.isBlank()).toList();
  }
}
