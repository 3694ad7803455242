package io.switchboard.voice.stt;

import io.vertx.core.Future;
import java.util.Objects;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One utterance for PocketSphinx: the call's event loop queues copies of its audio, and the worker
 * that holds a decoder for it drains the queue as audio comes, so only the tail is left at finish.
 */
final class PocketSphinxUtterance implements Utterance {

  /** Marks the end of the audio. */
  private static final short[] END = new short[0];

  /** Marks an utterance the call dropped. */
  private static final short[] CANCEL = new short[0];

  private final UtteranceRequest request;
  private final long maxWaitingSamples;
  private final long maxSilentMs;
  private final AtomicLong droppedMs;
  private final BlockingQueue<short[]> audio = new LinkedBlockingQueue<>();
  private final AtomicLong waitingSamples = new AtomicLong();
  private final AtomicLong fedSamples = new AtomicLong();
  private volatile long finishedAtNanos;
  private Future<Transcript> transcript;
  private boolean ended;
  private boolean cancelled;

  /**
   * @param maxWaitingMs audio that may wait for a decoder; more is dropped and added to {@code
   *     droppedMs}
   * @param maxSilentMs how long the worker waits for audio or a finish before giving up
   */
  PocketSphinxUtterance(
      UtteranceRequest request, long maxWaitingMs, long maxSilentMs, AtomicLong droppedMs) {
    this.request = request;
    this.maxWaitingSamples = maxWaitingMs * request.sampleRate() / 1000;
    this.maxSilentMs = maxSilentMs;
    this.droppedMs = droppedMs;
  }

  /** Binds the decoding the engine scheduled for this utterance. */
  void decodedBy(Future<Transcript> transcript) {
    this.transcript = transcript;
  }

  @Override
  public void feed(short[] pcm, int offset, int length) {
    Objects.checkFromIndexSize(offset, length, Objects.requireNonNull(pcm, "pcm").length);
    if (ended) {
      throw new IllegalStateException("the utterance has already been finished or cancelled");
    }
    if (length == 0) {
      return;
    }
    fedSamples.addAndGet(length);
    if (waitingSamples.get() + length > maxWaitingSamples) {
      droppedMs.addAndGet(length * 1000L / request.sampleRate());
      return;
    }
    short[] copy = new short[length];
    System.arraycopy(pcm, offset, copy, 0, length);
    waitingSamples.addAndGet(length);
    audio.add(copy);
  }

  @Override
  public Future<Transcript> finish() {
    if (cancelled) {
      return Future.failedFuture(new IllegalStateException("the utterance was cancelled"));
    }
    if (!ended) {
      ended = true;
      finishedAtNanos = System.nanoTime();
      audio.add(END);
    }
    return transcript;
  }

  @Override
  public void cancel() {
    if (!ended) {
      ended = true;
      cancelled = true;
      audio.add(CANCEL);
    }
  }

  /**
   * Runs on a worker that holds {@code decoder}: decodes the audio as it arrives until the call
   * finishes the utterance, and returns what was heard (null when cancelled).
   */
  Transcript decode(PocketSphinxDecoder decoder) throws InterruptedException {
    ModelRateAudio toModelRate = ModelRateAudio.from(request.sampleRate());
    decoder.start(request.phrases(), toModelRate.channelMean());
    while (true) {
      short[] chunk = audio.poll(maxSilentMs, TimeUnit.MILLISECONDS);
      if (chunk == null || chunk == CANCEL) {
        decoder.end();
        if (chunk == CANCEL) {
          return null;
        }
        throw new SpeechToTextException(
            SpeechToTextException.Reason.TIMED_OUT,
            "no audio and no finish for " + maxSilentMs + " ms");
      }
      if (chunk == END) {
        String text = decoder.end();
        long decodeMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - finishedAtNanos);
        return new Transcript(text, fedSamples.get() * 1000L / request.sampleRate(), decodeMs);
      }
      waitingSamples.addAndGet(-chunk.length);
      decoder.process(toModelRate.toModelRate(chunk));
    }
  }
}
