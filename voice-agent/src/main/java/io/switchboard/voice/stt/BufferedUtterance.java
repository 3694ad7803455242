package io.switchboard.voice.stt;

import io.switchboard.voice.stt.SpeechToTextException.Reason;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import java.util.Arrays;
import java.util.Objects;

/** An utterance held in memory until it ends, for engines that take whole files. */
final class BufferedUtterance implements Utterance {

  /** Sends one whole utterance as WAV and answers with its transcript. */
  @FunctionalInterface
  interface Transcriber {
    Future<Transcript> transcribe(UtteranceRequest request, Buffer wav, long audioMs);
  }

  /** First allocation: one second of 16 kHz audio; it doubles as the caller speaks. */
  private static final int INITIAL_SAMPLES = 16_000;

  private final UtteranceRequest request;
  private final int maxSamples;
  private final Transcriber transcriber;
  private short[] samples;
  private int count;
  private boolean tooLong;
  private boolean ended;

  BufferedUtterance(UtteranceRequest request, int maxSamples, Transcriber transcriber) {
    this.request = request;
    this.maxSamples = maxSamples;
    this.transcriber = transcriber;
    this.samples = new short[Math.min(INITIAL_SAMPLES, maxSamples)];
  }

  @Override
  public void feed(short[] pcm, int offset, int length) {
    Objects.checkFromIndexSize(offset, length, Objects.requireNonNull(pcm, "pcm").length);
    if (ended) {
      throw new IllegalStateException("the utterance has already been finished or cancelled");
    }
    if (tooLong || count + length > maxSamples) {
      tooLong = true;
      return;
    }
    if (count + length > samples.length) {
      samples = Arrays.copyOf(samples, Math.min(maxSamples, Math.max(count + length, count * 2)));
    }
    System.arraycopy(pcm, offset, samples, count, length);
    count += length;
  }

  @Override
  public Future<Transcript> finish() {
    if (ended) {
      return Future.failedFuture(
          new IllegalStateException("the utterance has already been finished or cancelled"));
    }
    ended = true;
    if (tooLong) {
      return Future.failedFuture(
          new SpeechToTextException(
              Reason.TOO_LONG,
              "the utterance is longer than "
                  + (long) maxSamples * 1000 / request.sampleRate()
                  + " ms"));
    }
    Buffer wav = WavAudio.of(samples, count, request.sampleRate());
    samples = null;
    return transcriber.transcribe(request, wav, (long) count * 1000 / request.sampleRate());
  }

  @Override
  public void cancel() {
    ended = true;
    samples = null;
  }
}
