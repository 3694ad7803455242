package io.switchboard.voice.vad;

import io.switchboard.voice.tts.Speech;
import java.util.ArrayList;
import java.util.List;

/**
 * A track of clean synthetic sentences separated by pauses, with the truth for every 20 ms frame: a
 * frame is speech when its energy is within {@link #LABEL_RANGE_DB} of the loudest frame of its
 * sentence.
 *
 * @param pcm 16 kHz samples, a whole number of frames
 * @param speech the truth per frame
 * @param sentences first and last frame (inclusive) of each sentence's labelled speech
 */
record LabelledSpeech(short[] pcm, boolean[] speech, List<int[]> sentences) {

  /** Frames quieter than the sentence's loudest by more than this are pauses between words. */
  static final double LABEL_RANGE_DB = 35.0;

  static final int FRAME = VoiceActivityDetector.FRAME_SAMPLES;

  /** Lays out {@code sentences} after {@code leadMs} of silence, each followed by its pause. */
  static LabelledSpeech of(List<Speech> sentences, int leadMs, int[] pauseMs) {
    List<short[]> parts = new ArrayList<>();
    List<Boolean> isSentence = new ArrayList<>();
    parts.add(new short[framesOf(leadMs) * FRAME]);
    isSentence.add(false);
    for (int i = 0; i < sentences.size(); i++) {
      short[] spoken = sentences.get(i).pcm();
      int frames = (spoken.length + FRAME - 1) / FRAME;
      short[] padded = new short[frames * FRAME];
      System.arraycopy(spoken, 0, padded, 0, spoken.length);
      parts.add(padded);
      isSentence.add(true);
      parts.add(new short[framesOf(pauseMs[i % pauseMs.length]) * FRAME]);
      isSentence.add(false);
    }
    int total = parts.stream().mapToInt(p -> p.length).sum();
    short[] pcm = new short[total];
    boolean[] speech = new boolean[total / FRAME];
    List<int[]> spans = new ArrayList<>();
    int at = 0;
    for (int p = 0; p < parts.size(); p++) {
      short[] part = parts.get(p);
      System.arraycopy(part, 0, pcm, at, part.length);
      if (isSentence.get(p)) {
        spans.add(label(part, speech, at / FRAME));
      }
      at += part.length;
    }
    return new LabelledSpeech(pcm, speech, List.copyOf(spans));
  }

  private static int[] label(short[] sentence, boolean[] speech, int firstFrame) {
    int frames = sentence.length / FRAME;
    double[] db = new double[frames];
    double loudest = Double.NEGATIVE_INFINITY;
    for (int f = 0; f < frames; f++) {
      db[f] = frameDb(sentence, f * FRAME);
      loudest = Math.max(loudest, db[f]);
    }
    int first = -1;
    int last = -1;
    for (int f = 0; f < frames; f++) {
      if (db[f] >= loudest - LABEL_RANGE_DB) {
        speech[firstFrame + f] = true;
        first = first < 0 ? firstFrame + f : first;
        last = firstFrame + f;
      }
    }
    return new int[] {first, last};
  }

  static double frameDb(short[] pcm, int offset) {
    double sum = 1e-9;
    for (int i = 0; i < FRAME; i++) {
      sum += (double) pcm[offset + i] * pcm[offset + i];
    }
    return 10 * Math.log10(sum / FRAME);
  }

  private static int framesOf(int millis) {
    return millis / 20;
  }

  int frames() {
    return speech.length;
  }

  /** Mean power per sample over the frames labelled speech. */
  double speechPower() {
    double sum = 0;
    long samples = 0;
    for (int f = 0; f < speech.length; f++) {
      if (speech[f]) {
        for (int i = 0; i < FRAME; i++) {
          double s = pcm[f * FRAME + i];
          sum += s * s;
        }
        samples += FRAME;
      }
    }
    return sum / samples;
  }

  /** This track with {@code noise} added at {@code snrDb} below the speech, clipped to 16 bits. */
  short[] withNoise(double[] noise, double snrDb) {
    double noisePower = 0;
    for (double n : noise) {
      noisePower += n * n;
    }
    noisePower /= noise.length;
    double gain = Math.sqrt(speechPower() / noisePower / Math.pow(10, snrDb / 10));
    short[] mixed = new short[pcm.length];
    for (int i = 0; i < pcm.length; i++) {
      double v = pcm[i] + gain * noise[i];
      mixed[i] = (short) Math.max(Short.MIN_VALUE, Math.min(Short.MAX_VALUE, Math.round(v)));
    }
    return mixed;
  }
}
