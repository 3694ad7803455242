package io.switchboard.voice.tts;

import com.sun.speech.freetts.Voice;
import com.sun.speech.freetts.en.us.cmu_us_kal.KevinVoiceDirectory;
import io.switchboard.platform.error.Unavailable;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Speaks with FreeTTS's embedded kevin16 voice (16 kHz) on a bounded worker pool; FreeTTS voices
 * are not thread-safe, so each worker holds one allocated voice of its own.
 */
public final class FreeTtsSpeech implements TextToSpeech {

  /** The FreeTTS voice used: the only 16 kHz voice in the FreeTTS jar. */
  public static final String VOICE_NAME = "kevin16";

  /** Requests waiting for a worker, per worker; past this the engine answers busy at once. */
  public static final int QUEUED_PER_WORKER = 64;

  private static final String POOL_NAME = "switchboard-freetts";

  private final WorkerExecutor pool;
  private final BlockingQueue<Voice> voices;
  private final int maxInFlight;
  private final AtomicInteger inFlight = new AtomicInteger();

  private FreeTtsSpeech(WorkerExecutor pool, List<Voice> voices) {
    this.pool = pool;
    this.voices = new ArrayBlockingQueue<>(voices.size(), false, voices);
    this.maxInFlight = voices.size() * (1 + QUEUED_PER_WORKER);
  }

  /**
   * Allocates one voice per worker on the pool (about 0.6 s each, never on the event loop) and
   * completes once every worker can speak. The voices are allocated one after another: FreeTTS
   * loads its shared lexicon data unsafely when two voices allocate at once.
   */
  public static Future<FreeTtsSpeech> start(Vertx vertx, int workers) {
    WorkerExecutor pool = vertx.createSharedWorkerExecutor(POOL_NAME, workers);
    return pool.executeBlocking(() -> allocateVoices(workers), false)
        .map(voices -> new FreeTtsSpeech(pool, voices))
        .onFailure(failure -> pool.close());
  }

  private static List<Voice> allocateVoices(int count) {
    List<Voice> voices = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      voices.add(allocateVoice());
    }
    return voices;
  }

  /**
   * Asks the voice's directory directly: {@code VoiceManager} looks voices up through a class
   * loader of its own, which misses the jar when the class path is given by a manifest (Surefire,
   * shaded runnables). Each call gives a new voice instance.
   */
  private static Voice allocateVoice() {
    Voice voice =
        Arrays.stream(new KevinVoiceDirectory().getVoices())
            .filter(candidate -> VOICE_NAME.equals(candidate.getName()))
            .findFirst()
            .orElseThrow(
                () ->
                    new Unavailable("FreeTTS voice " + VOICE_NAME + " is not in the FreeTTS jar"));
    voice.allocate();
    return voice;
  }

  @Override
  public String name() {
    return "freetts";
  }

  @Override
  public Future<Speech> synthesize(String tenantId, String text) {
    try {
      SpeechText.check(text);
    } catch (RuntimeException refused) {
      return Future.failedFuture(refused);
    }
    if (inFlight.incrementAndGet() > maxInFlight) {
      inFlight.decrementAndGet();
      return Future.failedFuture(
          new Unavailable("text-to-speech is busy: " + maxInFlight + " sentences already queued"));
    }
    return pool.<Speech>executeBlocking(() -> speak(text), false)
        .andThen(done -> inFlight.decrementAndGet());
  }

  /** Runs on a worker: no more tasks run at once than there are voices, so one is always free. */
  private Speech speak(String text) {
    Voice voice = voices.remove();
    try {
      PcmCapture capture = new PcmCapture();
      voice.setAudioPlayer(capture);
      if (!voice.speak(text)) {
        throw new Unavailable("FreeTTS could not speak the sentence");
      }
      if (capture.sampleRate() != Speech.SAMPLE_RATE) {
        throw new Unavailable("FreeTTS spoke at " + capture.sampleRate() + " Hz, not 16000");
      }
      return new Speech(text, capture.samples());
    } finally {
      voices.add(voice);
    }
  }

  @Override
  public void close() {
    pool.close();
    List<Voice> idle = new ArrayList<>();
    voices.drainTo(idle);
    idle.forEach(Voice::deallocate);
  }
}
