package io.switchboard.voice.call;

import io.switchboard.platform.config.VoiceConfig;
import io.switchboard.voice.stt.SpeechToText;
import io.switchboard.voice.stt.Transcript;
import io.switchboard.voice.stt.Utterance;
import io.switchboard.voice.stt.UtteranceRequest;
import io.switchboard.voice.vad.NarrowbandInput;
import io.switchboard.voice.vad.SpectralVad;
import io.switchboard.voice.vad.TurnDetector;
import io.switchboard.voice.vad.VoiceActivityDetector;
import io.vertx.core.Future;
import java.util.List;

/**
 * The caller's side of turn-taking: each 20 ms frame goes through the voice-activity detector and
 * the turn detector; speech opens an utterance (with the frames just before it, so no word loses
 * its start), is fed to speech-to-text as it comes, and the end of the turn finishes it.
 */
final class CallerSpeech {

  /** Frames kept from before speech was confirmed (500 ms), fed to the utterance when it opens. */
  private static final int PRE_ROLL_FRAMES = 25;

  /** What the call hears of it. */
  interface Listener {

    /** The caller started speaking (confirmed, not a blip). */
    void speechStarted();

    /** A whole utterance, transcribed; {@code startMs}/{@code endMs} from the call's start. */
    void utterance(Future<Transcript> transcript, long startMs, long endMs);
  }

  private final int sampleRate;
  private final int frameSamples;
  private final VoiceActivityDetector vad = new SpectralVad();
  private final TurnDetector turns;
  private final SpeechToText stt;
  private final String tenant;
  private final Listener listener;
  private final boolean narrowband;
  private final short[] wide = new short[VoiceActivityDetector.FRAME_SAMPLES];
  private final short[][] preRoll;
  private int preRollNext;
  private int preRollCount;
  private List<String> phrases = List.of();
  private Utterance utterance;
  private long utteranceStartMs;

  CallerSpeech(
      int sampleRate, VoiceConfig.Vad config, SpeechToText stt, String tenant, Listener listener) {
    this.sampleRate = sampleRate;
    this.frameSamples = FrameAssembler.samplesPerFrame(sampleRate);
    this.turns = new TurnDetector(config);
    this.stt = stt;
    this.tenant = tenant;
    this.listener = listener;
    this.narrowband = sampleRate != 16_000;
    this.preRoll = new short[PRE_ROLL_FRAMES][frameSamples];
  }

  /** Restricts what the next utterances may say (a menu), or lifts it with an empty list. */
  void phrases(List<String> expected) {
    this.phrases = List.copyOf(expected);
  }

  /**
   * One frame of the caller at the line's rate; {@code atMs} is its end on the call's clock, {@code
   * keyTone} whether it holds a key press's tones (which are not speech).
   */
  void frame(short[] frame, long atMs, boolean keyTone) {
    short[] forVad = frame;
    if (narrowband) {
      NarrowbandInput.widen(frame, 0, frameSamples, wide);
      forVad = wide;
    }
    boolean speech = vad.isSpeech(forVad, 0) && !keyTone;
    TurnDetector.Event event = turns.accept(speech);
    switch (event) {
      case STARTED -> open(frame, atMs);
      case CONTINUING -> feed(frame);
      case ENDED -> finish(frame, atMs);
      case DROPPED -> drop();
      default -> {}
    }
    remember(frame);
  }

  /** Drops any utterance in progress (the call ended). */
  void close() {
    drop();
  }

  private void open(short[] frame, long atMs) {
    int backlog = Math.min(turns.preRollFrames(), preRollCount);
    utteranceStartMs = Math.max(0, atMs - 20L * (backlog + 1));
    if (stt != null) {
      utterance = stt.open(new UtteranceRequest(tenant, sampleRate, phrases));
      for (int i = backlog; i > 0; i--) {
        int index = Math.floorMod(preRollNext - i, PRE_ROLL_FRAMES);
        utterance.feed(preRoll[index], 0, frameSamples);
      }
      utterance.feed(frame, 0, frameSamples);
    }
    listener.speechStarted();
  }

  private void feed(short[] frame) {
    if (utterance != null) {
      utterance.feed(frame, 0, frameSamples);
    }
  }

  private void finish(short[] frame, long atMs) {
    if (utterance == null) {
      return;
    }
    utterance.feed(frame, 0, frameSamples);
    Utterance finished = utterance;
    utterance = null;
    listener.utterance(finished.finish(), utteranceStartMs, atMs);
  }

  private void drop() {
    if (utterance != null) {
      utterance.cancel();
      utterance = null;
    }
  }

  private void remember(short[] frame) {
    System.arraycopy(frame, 0, preRoll[preRollNext], 0, frameSamples);
    preRollNext = (preRollNext + 1) % PRE_ROLL_FRAMES;
    preRollCount = Math.min(PRE_ROLL_FRAMES, preRollCount + 1);
  }
}
