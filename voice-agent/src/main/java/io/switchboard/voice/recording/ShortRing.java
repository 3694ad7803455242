package io.switchboard.voice.recording;

/** A fixed-capacity first-in first-out queue of 16-bit samples that never grows. */
final class ShortRing {

  private final short[] samples;
  private int head;
  private int size;

  ShortRing(int capacity) {
    this.samples = new short[capacity];
  }

  /** Adds as many of {@code n} samples from {@code pcm[off]} as fit; returns how many did. */
  int offer(short[] pcm, int off, int n) {
    int taken = Math.min(n, samples.length - size);
    int tail = (head + size) % samples.length;
    int first = Math.min(taken, samples.length - tail);
    System.arraycopy(pcm, off, samples, tail, first);
    System.arraycopy(pcm, off + first, samples, 0, taken - first);
    size += taken;
    return taken;
  }

  /** The oldest sample, removed; silence (0) when empty. */
  short poll() {
    if (size == 0) {
      return 0;
    }
    short sample = samples[head];
    head = (head + 1) % samples.length;
    size--;
    return sample;
  }

  /** Samples waiting. */
  int size() {
    return size;
  }
}
