package io.switchboard.voice.stt;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Embedded speech-to-text: a bounded pool of PocketSphinx decoders, each held by one worker thread
 * for one utterance at a time and fed as the caller's audio arrives.
 */
public final class PocketSphinxSpeechToText implements SpeechToText {

  /**
   * Audio one utterance may queue while it waits for a decoder or for decoding; more is dropped.
   */
  public static final long MAX_WAITING_AUDIO_MS = 30_000;

  /** How long a decoder waits for audio or a finish before it gives the utterance up. */
  public static final long MAX_SILENT_MS = 60_000;

  /** Utterances open at once per decoder (decoding or waiting); beyond that callers hear "busy". */
  public static final int MAX_OPEN_PER_DECODER = 32;

  /** A decoder holds its worker for a whole utterance, so the blocked-thread warning waits long. */
  private static final long MAX_UTTERANCE_MINUTES = 30;

  /** How often a utterance waiting for a decoder checks whether the engine was closed. */
  private static final long CLOSED_CHECK_MS = 500;

  private static final String POOL_NAME = "switchboard-stt-pocketsphinx";

  private final WorkerExecutor workers;
  private final BlockingQueue<PocketSphinxDecoder> idle;
  private final List<PocketSphinxDecoder> decoders;
  private final AtomicLong droppedMs = new AtomicLong();
  private final AtomicInteger open = new AtomicInteger();
  private volatile boolean closed;

  private PocketSphinxSpeechToText(WorkerExecutor workers, List<PocketSphinxDecoder> decoders) {
    this.workers = workers;
    this.decoders = List.copyOf(decoders);
    this.idle = new ArrayBlockingQueue<>(decoders.size(), false, decoders);
  }

  /**
   * Loads {@code workers} decoders of {@code model} on a worker pool of that size; fails when the
   * library cannot load the model.
   */
  public static Future<PocketSphinxSpeechToText> start(
      Vertx vertx, PocketSphinxLibrary library, PocketSphinxModel model, int workers) {
    // A pool of its own: its threads wait for this engine's decoders, and would starve another's.
    WorkerExecutor pool =
        vertx.createSharedWorkerExecutor(
            POOL_NAME + "-" + UUID.randomUUID(), workers, MAX_UTTERANCE_MINUTES, TimeUnit.MINUTES);
    // One after another: the library cannot load two decoders at once.
    List<PocketSphinxDecoder> loaded = new ArrayList<>();
    Future<Void> chain = Future.succeededFuture();
    for (int i = 0; i < workers; i++) {
      chain =
          chain
              .compose(
                  previous -> pool.executeBlocking(() -> PocketSphinxDecoder.load(library, model)))
              .map(
                  decoder -> {
                    loaded.add(decoder);
                    return null;
                  });
    }
    return chain
        .map(all -> new PocketSphinxSpeechToText(pool, loaded))
        .onFailure(
            failure -> {
              loaded.forEach(PocketSphinxDecoder::close);
              pool.close();
            });
  }

  @Override
  public String name() {
    return "pocketsphinx";
  }

  @Override
  public Utterance open(UtteranceRequest request) {
    ModelRateAudio.from(request.sampleRate());
    PocketSphinxUtterance utterance =
        new PocketSphinxUtterance(request, MAX_WAITING_AUDIO_MS, MAX_SILENT_MS, droppedMs);
    if (open.incrementAndGet() > MAX_OPEN_PER_DECODER * decoders.size()) {
      open.decrementAndGet();
      utterance.decodedBy(
          Future.failedFuture(
              new SpeechToTextException(
                  SpeechToTextException.Reason.BUSY, "every speech decoder is taken")));
      return utterance;
    }
    utterance.decodedBy(
        workers
            .executeBlocking(() -> decodeOnWorker(utterance), false)
            .onComplete(done -> open.decrementAndGet()));
    return utterance;
  }

  /** Milliseconds of audio dropped so far because it waited too long for a decoder. */
  public long droppedAudioMs() {
    return droppedMs.get();
  }

  /** Decoders in the pool. */
  public int decoders() {
    return decoders.size();
  }

  @Override
  public void close() {
    List<PocketSphinxDecoder> free = new ArrayList<>();
    synchronized (idle) {
      closed = true;
      idle.drainTo(free);
    }
    // A decoder busy with an utterance is freed by its worker when the utterance ends.
    free.forEach(PocketSphinxDecoder::close);
    workers.close();
  }

  private Transcript decodeOnWorker(PocketSphinxUtterance utterance) throws InterruptedException {
    PocketSphinxDecoder decoder = null;
    while (decoder == null) {
      if (closed) {
        throw new SpeechToTextException(
            SpeechToTextException.Reason.FAILED, "the speech-to-text engine was closed");
      }
      decoder = idle.poll(CLOSED_CHECK_MS, TimeUnit.MILLISECONDS);
    }
    try {
      return utterance.decode(decoder);
    } catch (RuntimeException | InterruptedException e) {
      endQuietly(decoder);
      throw e;
    } finally {
      giveBack(decoder);
    }
  }

  private void giveBack(PocketSphinxDecoder decoder) {
    synchronized (idle) {
      if (!closed) {
        idle.add(decoder);
        return;
      }
    }
    decoder.close();
  }

  /** Leaves a decoder that failed mid-utterance ready for the next one. */
  private static void endQuietly(PocketSphinxDecoder decoder) {
    try {
      decoder.end();
    } catch (IllegalStateException alreadyEnded) {
      // Nothing was started, or the failure already ended it: the decoder is idle either way.
    }
  }
}
