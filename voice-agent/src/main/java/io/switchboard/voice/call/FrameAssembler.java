package io.switchboard.voice.call;

import java.util.function.Consumer;

/**
 * Cuts audio that arrives in chunks of any length into 20 ms frames: a provider may send 20 ms
 * chunks, or 40, or odd sizes, and everything after it (VAD, DTMF, recording) works on whole
 * frames. The frame array handed out is reused: consumers copy what they keep.
 */
public final class FrameAssembler {

  private final short[] frame;
  private final Consumer<short[]> out;
  private int filled;

  /**
   * @param sampleRate rate of the audio
   * @param out receives each whole 20 ms frame
   */
  public FrameAssembler(int sampleRate, Consumer<short[]> out) {
    this.frame = new short[samplesPerFrame(sampleRate)];
    this.out = out;
  }

  /** Samples in a 20 ms frame at {@code sampleRate}. */
  public static int samplesPerFrame(int sampleRate) {
    return sampleRate / 50;
  }

  /** Adds {@code n} samples. */
  public void accept(short[] samples, int offset, int n) {
    int i = 0;
    while (i < n) {
      int take = Math.min(frame.length - filled, n - i);
      System.arraycopy(samples, offset + i, frame, filled, take);
      filled += take;
      i += take;
      if (filled == frame.length) {
        filled = 0;
        out.accept(frame);
      }
    }
  }
}
