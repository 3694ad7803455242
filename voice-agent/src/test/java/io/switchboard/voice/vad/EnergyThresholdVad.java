package io.switchboard.voice.vad;

/**
 * The baseline {@link SpectralVad} is measured against: full-band frame energy over a noise floor
 * learnt by minimum tracking, speech when it is {@link #MARGIN_DB} above it.
 */
final class EnergyThresholdVad implements VoiceActivityDetector {

  /** How far above the floor a frame must be to count as speech. */
  static final double MARGIN_DB = 9.0;

  /** How fast the floor rises between minima, in dB per frame (3 dB a second). */
  static final double RISE_DB_PER_FRAME = 0.06;

  /** Frame level never counted below this (digital silence). */
  static final double MIN_DB = 0.0;

  private double smoothedDb = Double.NaN;
  private double floorDb = Double.NaN;

  @Override
  public boolean isSpeech(short[] frame, int offset) {
    double db = Math.max(MIN_DB, LabelledSpeech.frameDb(frame, offset));
    if (Double.isNaN(floorDb)) {
      smoothedDb = db;
      floorDb = db;
    }
    boolean speech = db > floorDb + MARGIN_DB;
    smoothedDb = 0.8 * smoothedDb + 0.2 * db;
    floorDb = Math.min(smoothedDb, floorDb + RISE_DB_PER_FRAME);
    return speech;
  }

  @Override
  public void reset() {
    smoothedDb = Double.NaN;
    floorDb = Double.NaN;
  }
}
