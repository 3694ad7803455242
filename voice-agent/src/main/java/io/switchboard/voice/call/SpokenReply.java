package io.switchboard.voice.call;

import io.switchboard.voice.codec.RationalResampler;
import io.switchboard.voice.tts.SentenceSplitter;
import io.switchboard.voice.tts.Speech;
import io.switchboard.voice.tts.TextToSpeech;
import io.vertx.core.Future;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One reply being spoken: text arrives in pieces (an AI reply streaming in, or a whole prompt),
 * each complete sentence is synthesised as soon as it exists and queued for playout in order, so
 * the first sentence plays while the rest is still being written.
 */
final class SpokenReply {

  private static final Logger LOG = LoggerFactory.getLogger(SpokenReply.class);

  private final String id;
  private final String tenant;
  private final TextToSpeech tts;
  private final int lineRate;
  private final Consumer<Playout.Clip> play;
  private final SentenceSplitter splitter = new SentenceSplitter();
  private Future<Void> chain = Future.succeededFuture();
  private int sentences;
  private boolean cancelled;

  /**
   * @param id the reply's id; its clips are named {@code id:n}
   * @param play queues a clip for playout, on the call's event loop
   */
  SpokenReply(
      String id, String tenant, TextToSpeech tts, int lineRate, Consumer<Playout.Clip> play) {
    this.id = id;
    this.tenant = tenant;
    this.tts = tts;
    this.lineRate = lineRate;
    this.play = play;
  }

  /** Adds text; speaks each sentence it completes. */
  void text(String delta) {
    splitter.accept(delta).forEach(this::speak);
  }

  /** The text is complete: speaks what is left; completes once every sentence is queued. */
  Future<Void> finish() {
    splitter.finish().forEach(this::speak);
    return chain;
  }

  /** Stops: sentences not yet queued are dropped. */
  void cancel() {
    cancelled = true;
  }

  /** Whether any sentence was spoken. */
  boolean isEmpty() {
    return sentences == 0;
  }

  private void speak(String sentence) {
    String clipId = id + ":" + sentences++;
    // Synthesis of the next sentence starts at once; playout order is kept by the chain.
    Future<Speech> speech = tts.synthesize(tenant, sentence);
    chain =
        chain
            .compose(previous -> speech)
            .map(
                spoken -> {
                  if (!cancelled) {
                    play.accept(new Playout.Clip(clipId, "bot", sentence, toLine(spoken.pcm())));
                  }
                  return (Void) null;
                })
            .recover(
                failure -> {
                  LOG.warn(
                      "Reply {}: a sentence could not be spoken: {}", id, failure.getMessage());
                  return Future.succeededFuture();
                });
  }

  private short[] toLine(short[] pcm) {
    return lineRate == Speech.SAMPLE_RATE
        ? pcm
        : RationalResampler.resample(pcm, Speech.SAMPLE_RATE, lineRate);
  }
}
