package io.switchboard.voice.telephony;

import java.util.Arrays;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * Puts a telephony stream's chunks back in order by their chunk number: a chunk that arrives early
 * waits for up to {@code window} later ones; when the window fills, the missing chunks are given up
 * and played as silence, so the caller's timeline (and the recording) keeps its length. Duplicates
 * and chunks later than that are dropped and counted.
 */
public final class ReorderBuffer {

  /** Most chunks of silence one gap is filled with (1 s); a longer jump restarts the numbering. */
  public static final int MAX_GAP_FILL = 50;

  /** Silence in G.711 mu-law and A-law: the codes of a zero sample. */
  private static final byte MULAW_SILENCE = (byte) 0xFF;

  private static final byte ALAW_SILENCE = (byte) 0xD5;

  private final int window;
  private final byte silence;
  private final Consumer<byte[]> out;
  private final TreeMap<Long, byte[]> held = new TreeMap<>();
  private long next = -1;
  private int lastLength = 160;
  private long dropped;
  private long filled;

  /**
   * @param window chunks held back waiting for a late one (0 plays every chunk as it comes)
   * @param alaw whether the stream is A-law (its silence code differs from mu-law's)
   * @param out receives the chunks in order, silence in place of the missing ones
   */
  public ReorderBuffer(int window, boolean alaw, Consumer<byte[]> out) {
    this.window = window;
    this.silence = alaw ? ALAW_SILENCE : MULAW_SILENCE;
    this.out = out;
  }

  /** Takes chunk number {@code chunk}. */
  public void accept(long chunk, byte[] samples) {
    if (next < 0) {
      next = chunk;
    }
    if (chunk < next || held.containsKey(chunk)) {
      dropped++;
      return;
    }
    if (chunk - next > MAX_GAP_FILL + window) {
      // Far ahead: the numbering jumped (a provider that restarted it); play what is held, go on.
      flush();
      next = chunk;
    }
    held.put(chunk, samples);
    drain();
    while (held.size() > window) {
      fillUpTo(held.firstKey());
      drain();
    }
  }

  /** Plays what is still held, filling gaps, at the end of the stream. */
  public void flush() {
    while (!held.isEmpty()) {
      fillUpTo(held.firstKey());
      drain();
    }
  }

  /** Chunks dropped as duplicates or too late. */
  public long dropped() {
    return dropped;
  }

  /** Chunks played as silence because they never came. */
  public long filled() {
    return filled;
  }

  private void drain() {
    byte[] chunk;
    while ((chunk = held.remove(next)) != null) {
      lastLength = chunk.length;
      out.accept(chunk);
      next++;
    }
  }

  private void fillUpTo(long chunk) {
    long missing = chunk - next;
    for (long i = 0; i < Math.min(missing, MAX_GAP_FILL); i++) {
      byte[] quiet = new byte[lastLength];
      Arrays.fill(quiet, silence);
      out.accept(quiet);
      filled++;
    }
    next = chunk;
  }
}
