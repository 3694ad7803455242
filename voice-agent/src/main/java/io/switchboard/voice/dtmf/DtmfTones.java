package io.switchboard.voice.dtmf;

/**
 * The DTMF keypad (ITU-T Q.23) and the checks that tell a key's two tones from speech, noise and
 * other sounds in one analysis window.
 */
final class DtmfTones {

  /** Low (row) group frequencies in Hz, then high (column) group. */
  static final double[] FREQUENCIES = {697, 770, 852, 941, 1209, 1336, 1477, 1633};

  static final int ROWS = 4;

  private static final char[][] KEYPAD = {
    {'1', '2', '3', 'A'},
    {'4', '5', '6', 'B'},
    {'7', '8', '9', 'C'},
    {'*', '0', '#', 'D'}
  };

  /**
   * Quietest tone accepted, as a peak amplitude in 16-bit units: about -38 dBm0, below the -25 dBm0
   * telephone networks must deliver and above the line noise of a quiet call.
   */
  static final double MIN_TONE_AMPLITUDE = 300;

  /**
   * How much stronger (energy ratio, 8 dB) the chosen row and column must be than every other row
   * and column; a neighbouring tone leaks about -13 dB into the next row over a 20 ms window.
   */
  static final double DOMINANCE = 6.3;

  /** Row tone may exceed the column tone by up to 8 dB (high frequencies fade on lines). */
  static final double NORMAL_TWIST = 6.3;

  /** Column tone may exceed the row tone by up to 4 dB. */
  static final double REVERSE_TWIST = 2.5;

  /** Share of the window's energy the two tones must carry: speech and noise spread wider. */
  static final double MIN_TONE_SHARE = 0.6;

  /**
   * Lowest ratio between the two half-windows' tone energies: 0.4 means the tone covers at least
   * 63% of each half, so a window can't be filled by a tone much shorter than the window.
   */
  static final double MIN_HALF_BALANCE = 0.4;

  private DtmfTones() {}

  /** The key whose tones fill the bank's current window, or 0 if there is none. */
  static char classify(GoertzelBank bank) {
    int row = strongest(bank, 0, ROWS);
    int col = strongest(bank, ROWS, FREQUENCIES.length);
    double rowEnergy = bank.windowEnergy(row);
    double colEnergy = bank.windowEnergy(col);
    int n = bank.windowLength();
    // A sine of peak A gives |X|^2 = (n A / 2)^2 over n samples.
    double minEnergy = (n * MIN_TONE_AMPLITUDE / 2) * (n * MIN_TONE_AMPLITUDE / 2);
    if (rowEnergy < minEnergy || colEnergy < minEnergy) {
      return 0;
    }
    if (rowEnergy > colEnergy * NORMAL_TWIST || colEnergy > rowEnergy * REVERSE_TWIST) {
      return 0;
    }
    if (!dominates(bank, row, 0, ROWS) || !dominates(bank, col, ROWS, FREQUENCIES.length)) {
      return 0;
    }
    // |X|^2 * 2 / n is the signal energy a sine of that magnitude carries over the window.
    double toneEnergy = (rowEnergy + colEnergy) * 2 / n;
    if (toneEnergy < MIN_TONE_SHARE * bank.windowSignalEnergy()) {
      return 0;
    }
    double previous = bank.previousEnergy(row) + bank.previousEnergy(col);
    double current = bank.currentEnergy(row) + bank.currentEnergy(col);
    if (Math.min(previous, current) < MIN_HALF_BALANCE * Math.max(previous, current)) {
      return 0;
    }
    return KEYPAD[row][col - ROWS];
  }

  private static int strongest(GoertzelBank bank, int from, int to) {
    int best = from;
    for (int f = from + 1; f < to; f++) {
      if (bank.windowEnergy(f) > bank.windowEnergy(best)) {
        best = f;
      }
    }
    return best;
  }

  private static boolean dominates(GoertzelBank bank, int chosen, int from, int to) {
    double energy = bank.windowEnergy(chosen);
    for (int f = from; f < to; f++) {
      if (f != chosen && bank.windowEnergy(f) * DOMINANCE > energy) {
        return false;
      }
    }
    return true;
  }
}
