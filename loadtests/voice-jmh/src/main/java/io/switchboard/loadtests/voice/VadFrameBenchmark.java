package io.switchboard.loadtests.voice;

import io.switchboard.voice.vad.SpectralVad;
import io.switchboard.voice.vad.VoiceActivityDetector;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The voice-activity detector on one 20 ms frame of 16 kHz audio, one thread: the score is frames
 * per second on one core.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class VadFrameBenchmark {

  /** Two seconds of frames: one of a voiced sound in noise, then one of the noise alone. */
  private static final int FRAMES = 100;

  private static final int FRAME = VoiceActivityDetector.FRAME_SAMPLES;

  private final short[] audio = new short[FRAMES * FRAME];
  private SpectralVad vad;
  private int next;

  /** Builds the audio: a 140 Hz harmonic vowel-like sound over white noise, then noise alone. */
  @Setup
  public void setUp() {
    Random random = new Random(1);
    for (int i = 0; i < audio.length; i++) {
      double t = i / 16_000.0;
      double voiced = 0;
      if (i < audio.length / 2) {
        for (int h = 1; h <= 20; h++) {
          voiced += 2_000.0 / h * Math.sin(2 * Math.PI * 140 * h * t);
        }
      }
      audio[i] = (short) Math.round(voiced + 300 * random.nextGaussian());
    }
    vad = new SpectralVad();
  }

  /** One frame through {@link SpectralVad}: FFT, noise tracking and the decision. */
  @Benchmark
  public boolean spectralVad() {
    int offset = next * FRAME;
    next = (next + 1) % FRAMES;
    return vad.isSpeech(audio, offset);
  }
}
