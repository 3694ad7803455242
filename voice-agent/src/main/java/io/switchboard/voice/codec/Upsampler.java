package io.switchboard.voice.codec;

/**
 * Resamples 8 kHz telephony audio to the 16 kHz that speech models and browsers use; stateful
 * across frames, one instance per stream, not thread-safe.
 */
public final class Upsampler {

  /** Input rate in samples per second. */
  public static final int IN_RATE = 8000;

  /** Output rate in samples per second. */
  public static final int OUT_RATE = 16000;

  /** Input samples in one 20 ms frame. */
  public static final int FRAME_IN = 160;

  /** Output samples for one 20 ms frame. */
  public static final int FRAME_OUT = 320;

  private final RationalResampler resampler = new RationalResampler(IN_RATE, OUT_RATE);

  /**
   * Resamples {@code n} samples from {@code in[inOff..]} into {@code out[outOff..]} and returns how
   * many it wrote (320 for a 20 ms frame of 160).
   */
  public int process(short[] in, int inOff, int n, short[] out, int outOff) {
    return resampler.process(in, inOff, n, out, outOff);
  }

  /** How many output samples the output lags the input by. */
  public int delay() {
    return resampler.delay();
  }

  /** Forgets the stream so far. */
  public void reset() {
    resampler.reset();
  }
}
