package io.switchboard.voice.call;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * The reply audio of one call, played at real time: one 20 ms frame per frame of wall-clock time,
 * never a burst (a late tick sends at most one frame extra, a long stall drops the debt rather than
 * rushing to repay it). Knows how much of each clip has gone out, so an interruption can tell what
 * the caller actually heard.
 */
public final class Playout {

  /** Frames one tick may send: the frame due and one it is late with. */
  private static final int MAX_FRAMES_PER_TICK = 2;

  /** Frames behind after which the pacing restarts instead of catching up. */
  private static final int MAX_DEBT_FRAMES = 5;

  /** Most reply audio queued for one call, in frames (two minutes). */
  public static final int MAX_QUEUED_FRAMES = 6_000;

  /**
   * A piece of reply audio: a sentence of the bot, a prompt, or a slice of an agent's voice.
   *
   * @param id the mark sent after it
   * @param speaker bot or agent
   * @param text what it says, or null for an agent's live audio
   * @param pcm samples at the line's rate
   */
  public record Clip(String id, String speaker, String text, short[] pcm) {

    int frames(int frameSamples) {
      return (pcm.length + frameSamples - 1) / frameSamples;
    }
  }

  /**
   * How much of a clip went out.
   *
   * @param clip the clip
   * @param fraction of its frames sent, 0 to 1
   */
  public record Played(Clip clip, double fraction) {}

  /** Where the frames and clip ends go. */
  public interface Sink {

    /** The first frame of {@code clip} is about to go out. */
    void started(Clip clip);

    /** One frame of reply audio (the array is reused after the call). */
    void frame(short[] frame);

    /** The last frame of {@code clip} went out. */
    void finished(Clip clip);
  }

  private final PlayoutClock clock;
  private final Sink sink;
  private final short[] frame;
  private final Deque<Clip> queue = new ArrayDeque<>();
  private int queuedFrames;
  private int position;
  private long startNanos;
  private long sentFrames;
  private boolean running;

  /**
   * @param sampleRate rate of the line
   */
  public Playout(PlayoutClock clock, int sampleRate, Sink sink) {
    this.clock = clock;
    this.sink = sink;
    this.frame = new short[FrameAssembler.samplesPerFrame(sampleRate)];
  }

  /** Queues {@code clip}; false when the queue is full and it was dropped. */
  public boolean play(Clip clip) {
    int frames = clip.frames(frame.length);
    if (queuedFrames + frames > MAX_QUEUED_FRAMES) {
      return false;
    }
    queue.add(clip);
    queuedFrames += frames;
    if (!running) {
      running = true;
      startNanos = System.nanoTime();
      sentFrames = 0;
      // The first frame goes now, not a tick later: a reply starts as soon as it exists.
      sendFrame();
      clock.start(this);
    }
    return true;
  }

  /** Whether audio is playing or waiting to. */
  public boolean isPlaying() {
    return !queue.isEmpty();
  }

  /** Drops everything not yet sent; returns how much of each dropped clip went out. */
  public List<Played> clear() {
    List<Played> dropped = new ArrayList<>();
    boolean first = true;
    for (Clip clip : queue) {
      double fraction = first ? Math.min(1.0, (double) position / Math.max(1, clip.pcm.length)) : 0;
      dropped.add(new Played(clip, fraction));
      first = false;
    }
    queue.clear();
    queuedFrames = 0;
    position = 0;
    stop();
    return dropped;
  }

  /** Stops for good (the call ended). */
  public void close() {
    queue.clear();
    queuedFrames = 0;
    stop();
  }

  void tick(long now) {
    long due = (now - startNanos) / PlayoutClock.FRAME_NANOS + 1;
    if (due - sentFrames > MAX_DEBT_FRAMES) {
      // The loop stalled; restart the pacing from now rather than burst to catch up.
      startNanos = now;
      sentFrames = 0;
      due = 1;
    }
    for (int i = 0; i < MAX_FRAMES_PER_TICK && sentFrames < due && running; i++) {
      sendFrame();
    }
  }

  private void sendFrame() {
    Clip clip = queue.peek();
    if (clip == null) {
      stop();
      return;
    }
    if (position == 0) {
      sink.started(clip);
    }
    int n = Math.min(frame.length, clip.pcm.length - position);
    System.arraycopy(clip.pcm, position, frame, 0, n);
    if (n < frame.length) {
      java.util.Arrays.fill(frame, n, frame.length, (short) 0);
    }
    position += n;
    sentFrames++;
    queuedFrames--;
    sink.frame(frame);
    if (position >= clip.pcm.length) {
      queue.poll();
      position = 0;
      sink.finished(clip);
      if (queue.isEmpty()) {
        stop();
      }
    }
  }

  private void stop() {
    if (running) {
      running = false;
      clock.stop(this);
    }
  }
}
