package io.switchboard.loadtests.voice;

import io.switchboard.voice.codec.Base64Audio;
import io.switchboard.voice.codec.Downsampler;
import io.switchboard.voice.codec.MuLaw;
import io.switchboard.voice.codec.RationalResampler;
import io.switchboard.voice.codec.Upsampler;
import io.switchboard.voice.dtmf.DtmfDetector;
import java.util.Base64;
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
 * The voice role's arithmetic for one 20 ms telephony frame, one thread: each operation is one
 * frame, so the score is frames per second on one core (a call sends 50 of them a second).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class TelephonyFrameBenchmark {

  /** Frames of distinct audio cycled through: one second, so branches see varied input. */
  private static final int FRAMES = 50;

  private static final int NARROW = 160;
  private static final int WIDE = 320;
  private static final int TTS = 480;

  private final String[] payloads = new String[FRAMES];
  private final byte[][] codeFrames = new byte[FRAMES][];
  private final short[][] narrowFrames = new short[FRAMES][];
  private final short[][] wideFrames = new short[FRAMES][];
  private final short[][] ttsFrames = new short[FRAMES][];

  private final byte[] codes = new byte[NARROW];
  private final short[] narrow = new short[NARROW];
  private final short[] wide = new short[WIDE];
  private final StringBuilder reply = new StringBuilder(Base64Audio.encodedLength(NARROW));

  private Upsampler upsampler;
  private Downsampler downsampler;
  private RationalResampler ttsResampler;
  private DtmfDetector dtmf8k;
  private DtmfDetector dtmf16k;
  private int next;

  /** Builds a second of audio: a voice-like tone mix in noise with a key press every 200 ms. */
  @Setup
  public void setUp() {
    Random random = new Random(1);
    for (int f = 0; f < FRAMES; f++) {
      narrowFrames[f] = signal(8000, NARROW, f, random);
      wideFrames[f] = signal(16000, WIDE, f, random);
      ttsFrames[f] = signal(24000, TTS, f, random);
      byte[] mulaw = new byte[NARROW];
      MuLaw.encode(narrowFrames[f], 0, mulaw, 0, NARROW);
      codeFrames[f] = mulaw;
      payloads[f] = Base64.getEncoder().encodeToString(mulaw);
    }
    upsampler = new Upsampler();
    downsampler = new Downsampler();
    ttsResampler = new RationalResampler(24000, 16000);
    dtmf8k = new DtmfDetector(8000);
    dtmf16k = new DtmfDetector(16000);
  }

  /** Base64 payload of a media event (216 characters) to its 160 mu-law bytes. */
  @Benchmark
  public int base64Decode() {
    return Base64Audio.decode(payloads[advance()], codes, 0);
  }

  /** 160 mu-law bytes to 320 samples at 16 kHz for speech recognition. */
  @Benchmark
  public short muLawDecodeAndUpsample() {
    MuLaw.decode(codeFrames[advance()], 0, narrow, 0, NARROW);
    upsampler.process(narrow, 0, NARROW, wide, 0);
    return wide[WIDE - 1];
  }

  /** A 16 kHz reply frame down to 8 kHz, mu-law encoded and base64 encoded for the provider. */
  @Benchmark
  public int replyFrame() {
    short[] in = wideFrames[advance()];
    downsampler.process(in, 0, WIDE, narrow, 0);
    MuLaw.encode(narrow, 0, codes, 0, NARROW);
    reply.setLength(0);
    Base64Audio.encode(codes, 0, NARROW, reply);
    return reply.length();
  }

  /** The whole inbound path: base64, mu-law, 16 kHz, and listening for keys. */
  @Benchmark
  public int inboundFrame() {
    int f = advance();
    int n = Base64Audio.decode(payloads[f], codes, 0);
    MuLaw.decode(codes, 0, narrow, 0, n);
    upsampler.process(narrow, 0, n, wide, 0);
    return dtmf8k.accept(narrow, 0, n) + wide[0];
  }

  /** Key detection on a 20 ms frame at 8 kHz. */
  @Benchmark
  public char dtmf8k() {
    return dtmf8k.accept(narrowFrames[advance()], 0, NARROW);
  }

  /** Key detection on a 20 ms frame at 16 kHz. */
  @Benchmark
  public char dtmf16k() {
    return dtmf16k.accept(wideFrames[advance()], 0, WIDE);
  }

  /** 20 ms of 24 kHz text-to-speech audio to 16 kHz. */
  @Benchmark
  public short tts24kTo16k() {
    ttsResampler.process(ttsFrames[advance()], 0, TTS, wide, 0);
    return wide[0];
  }

  private int advance() {
    int f = next;
    next = f + 1 == FRAMES ? 0 : f + 1;
    return f;
  }

  private static short[] signal(int rate, int samples, int frame, Random random) {
    short[] out = new short[samples];
    boolean key = frame % 10 < 4; // 80 ms press, 120 ms pause
    for (int i = 0; i < samples; i++) {
      double t = (double) (frame * samples + i) / rate;
      double v =
          key
              ? 6000 * Math.sin(2 * Math.PI * 770 * t) + 6000 * Math.sin(2 * Math.PI * 1336 * t)
              : 3000 * Math.sin(2 * Math.PI * 220 * t) + 1500 * Math.sin(2 * Math.PI * 660 * t);
      v += random.nextGaussian() * 300;
      out[i] = (short) Math.max(Short.MIN_VALUE, Math.min(Short.MAX_VALUE, Math.round(v)));
    }
    return out;
  }
}
