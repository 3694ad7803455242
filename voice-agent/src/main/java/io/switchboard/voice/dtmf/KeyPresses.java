package io.switchboard.voice.dtmf;

/**
 * Turns a run of per-window key decisions into key presses: a key counts once it fills {@link
 * #CONFIRM_WINDOWS} windows in a row, counts once however long it is held, and the next press (same
 * key or another) needs a pause of {@link #PAUSE_WINDOWS} windows first.
 */
final class KeyPresses {

  /**
   * Consecutive windows (20 ms long, 10 ms apart) a key must fill: any tone of 40 ms fills two,
   * none shorter than about 23 ms can.
   */
  static final int CONFIRM_WINDOWS = 2;

  /**
   * Windows without a key that end a press: a 40 ms pause always yields four, a 10 ms drop-out in a
   * held key at most three, so a crackle doesn't split one press in two.
   */
  static final int PAUSE_WINDOWS = 4;

  private char candidate;
  private int candidateWindows;
  private int quietWindows = PAUSE_WINDOWS;
  private boolean pressed;

  /** Takes one window's decision (0 for none) and returns the key if a press starts here. */
  char next(char key) {
    if (key == 0) {
      candidate = 0;
      candidateWindows = 0;
      if (++quietWindows >= PAUSE_WINDOWS) {
        pressed = false;
      }
      return 0;
    }
    quietWindows = 0;
    if (key != candidate) {
      candidate = key;
      candidateWindows = 0;
    }
    candidateWindows++;
    if (candidateWindows >= CONFIRM_WINDOWS && !pressed) {
      pressed = true;
      return key;
    }
    return 0;
  }

  void reset() {
    candidate = 0;
    candidateWindows = 0;
    quietWindows = PAUSE_WINDOWS;
    pressed = false;
  }
}
