package io.switchboard.voice.vad;

/**
 * Tells speech from silence and noise, one 20 ms frame of 16 kHz PCM (320 samples) at a time. One
 * instance per call (it adapts to the call's noise floor); not thread-safe, used on the call's
 * event loop.
 */
public interface VoiceActivityDetector {

  /** Samples in one frame: 20 ms at 16 kHz. */
  int FRAME_SAMPLES = 320;

  /** Whether this frame holds speech, before any turn-taking smoothing. */
  boolean isSpeech(short[] frame, int offset);

  /** Forgets what it has learnt of the call's noise. */
  void reset();
}
