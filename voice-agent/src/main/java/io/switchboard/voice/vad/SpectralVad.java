package io.switchboard.voice.vad;

import java.util.Arrays;

/**
 * A voice-activity detector of our own, with no model: the speech band (300–3400 Hz) of each frame
 * against a noise floor learnt per frequency bin by minimum tracking, plus the flatness of the
 * spectrum after dividing out that floor (voiced speech has harmonics and formants; noise of any
 * colour is flat once whitened). Works the same on 8 kHz telephony audio upsampled to 16 kHz, which
 * has nothing above 4 kHz. Under ten microseconds per frame (docs/benchmarks.md).
 */
public final class SpectralVad implements VoiceActivityDetector {

  /** Rate of the audio this detector reads. */
  public static final int SAMPLE_RATE = 16_000;

  /** Lowest frequency of the speech band looked at. */
  public static final int SPEECH_LOW_HZ = 300;

  /** Highest frequency of the speech band; telephony audio still carries it. */
  public static final int SPEECH_HIGH_HZ = 3_400;

  /** Bands the speech band is cut into, spaced on a roughly logarithmic (Bark-like) scale. */
  static final int BANDS = 12;

  /** FFT size: 20 ms (320 samples) zero-padded; 31.25 Hz per bin. */
  static final int FFT_SIZE = 512;

  /**
   * Smoothing of each bin's power over frames before the minimum is tracked: 0.8 is a time constant
   * of about 100 ms, enough to steady the minimum of a noise bin.
   */
  static final double POWER_SMOOTHING = 0.8;

  /** How fast the floor may rise over frames judged quiet: follows louder noise within seconds. */
  static final double RISE_DB_PER_SECOND_QUIET = 6.0;

  /** How fast the floor may rise during speech: slowly, so a long sentence does not drown. */
  static final double RISE_DB_PER_SECOND_SPEECH = 0.5;

  /**
   * The tracked minimum sits under the noise's mean; the floor used for decisions is raised by this
   * much (in power) to sit near the mean.
   */
  static final double MINIMUM_BIAS = 2.0;

  /** A bin's power never counts below this (a sample amplitude of about one): digital silence. */
  static final double MIN_BIN_POWER = 100.0;

  /** A frame quieter than this in the speech band (dB of summed bin power) is never speech. */
  static final double ABSOLUTE_FLOOR_DB = 55.0;

  /**
   * Mean band SNR (dB, each band clipped at 0) above which a frame is speech on loudness alone, on
   * the noisiest line; on a cleaner line the threshold rises with the call's speech peaks (see
   * {@link #PEAK_FRACTION}), so noise bursts such as other voices in the room stay under it.
   */
  static final double LOUD_SNR_DB = 5.0;

  /** The loudness threshold never rises above this, so soft speech on a clean line is heard. */
  static final double MAX_LOUD_SNR_DB = 14.0;

  /** The loudness threshold is this fraction of the call's recent speech peak (mean band SNR). */
  static final double PEAK_FRACTION = 0.4;

  /** How fast the remembered speech peak fades, in dB per frame (1 dB a second). */
  static final double PEAK_DECAY_DB_PER_FRAME = 0.02;

  /** Mean band SNR above which a frame is speech if its whitened spectrum is also peaky. */
  static final double QUIET_SNR_DB = 1.0;

  /** Whitened spectral flatness under which a frame has the structure of voiced speech. */
  static final double STRUCTURED_FLATNESS = 0.5;

  private static final int FRAMES_PER_SECOND = 1000 / 20;

  private final PowerSpectrum spectrum = new PowerSpectrum(FRAME_SAMPLES, FFT_SIZE);
  private final int lowBin;
  private final int highBin;
  private final int[] bandStart;
  private final double[] smoothed;
  private final double[] floor;
  private final double riseQuiet;
  private final double riseSpeech;
  private boolean primed;
  private double peakSnr;

  public SpectralVad() {
    double binHz = spectrum.binHz(SAMPLE_RATE);
    lowBin = (int) Math.ceil(SPEECH_LOW_HZ / binHz);
    highBin = (int) Math.floor(SPEECH_HIGH_HZ / binHz);
    bandStart = new int[BANDS + 1];
    double logLow = Math.log(SPEECH_LOW_HZ + 200.0);
    double logHigh = Math.log(SPEECH_HIGH_HZ + 200.0);
    for (int b = 0; b <= BANDS; b++) {
      double hz = Math.exp(logLow + (logHigh - logLow) * b / BANDS) - 200.0;
      bandStart[b] = Math.min(highBin + 1, Math.max(lowBin, (int) Math.round(hz / binHz)));
    }
    bandStart[BANDS] = highBin + 1;
    smoothed = new double[highBin + 1];
    floor = new double[highBin + 1];
    riseQuiet = Math.pow(10, RISE_DB_PER_SECOND_QUIET / 10 / FRAMES_PER_SECOND);
    riseSpeech = Math.pow(10, RISE_DB_PER_SECOND_SPEECH / 10 / FRAMES_PER_SECOND);
  }

  @Override
  public boolean isSpeech(short[] frame, int offset) {
    if (offset < 0 || offset + FRAME_SAMPLES > frame.length) {
      throw new IllegalArgumentException(
          "a frame is " + FRAME_SAMPLES + " samples from offset " + offset + ", past the array");
    }
    double[] power = spectrum.of(frame, offset);
    for (int k = lowBin; k <= highBin; k++) {
      power[k] = Math.max(power[k], MIN_BIN_POWER);
    }
    if (!primed) {
      for (int k = lowBin; k <= highBin; k++) {
        smoothed[k] = power[k];
        floor[k] = power[k];
      }
      primed = true;
    }
    boolean speech = decide(power);
    track(power, speech);
    return speech;
  }

  private boolean decide(double[] power) {
    double total = 0;
    double snrSum = 0;
    for (int b = 0; b < BANDS; b++) {
      double signal = 0;
      double noise = 0;
      for (int k = bandStart[b]; k < bandStart[b + 1]; k++) {
        signal += power[k];
        noise += floor[k] * MINIMUM_BIAS;
      }
      total += signal;
      snrSum += Math.max(0, 10 * Math.log10(signal / noise));
    }
    if (10 * Math.log10(total) < ABSOLUTE_FLOOR_DB) {
      return false;
    }
    double meanSnr = snrSum / BANDS;
    peakSnr = Math.max(meanSnr, peakSnr - PEAK_DECAY_DB_PER_FRAME);
    double loud = Math.min(MAX_LOUD_SNR_DB, Math.max(LOUD_SNR_DB, PEAK_FRACTION * peakSnr));
    if (meanSnr >= loud) {
      return true;
    }
    return meanSnr >= QUIET_SNR_DB * loud / LOUD_SNR_DB
        && whitenedFlatness(power) < STRUCTURED_FLATNESS;
  }

  /** Geometric over arithmetic mean of the frame's power divided by the floor, bin by bin. */
  private double whitenedFlatness(double[] power) {
    double logSum = 0;
    double sum = 0;
    for (int k = lowBin; k <= highBin; k++) {
      double ratio = power[k] / floor[k];
      logSum += Math.log(ratio);
      sum += ratio;
    }
    int bins = highBin - lowBin + 1;
    return Math.exp(logSum / bins) / (sum / bins);
  }

  private void track(double[] power, boolean speech) {
    double rise = speech ? riseSpeech : riseQuiet;
    for (int k = lowBin; k <= highBin; k++) {
      smoothed[k] = POWER_SMOOTHING * smoothed[k] + (1 - POWER_SMOOTHING) * power[k];
      floor[k] = smoothed[k] < floor[k] ? smoothed[k] : floor[k] * rise;
    }
  }

  @Override
  public void reset() {
    Arrays.fill(smoothed, 0);
    Arrays.fill(floor, 0);
    primed = false;
    peakSnr = 0;
  }
}
