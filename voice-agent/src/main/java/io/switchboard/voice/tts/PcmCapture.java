package io.switchboard.voice.tts;

import com.sun.speech.freetts.audio.AudioPlayer;
import java.io.ByteArrayOutputStream;
import javax.sound.sampled.AudioFormat;

/** A FreeTTS audio player that keeps what the voice says in memory instead of playing it. */
final class PcmCapture implements AudioPlayer {

  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
  private AudioFormat format;

  /** The captured audio as 16-bit samples, whatever byte order the voice wrote. */
  short[] samples() {
    byte[] raw = bytes.toByteArray();
    boolean bigEndian = format == null || format.isBigEndian();
    short[] pcm = new short[raw.length / 2];
    for (int i = 0; i < pcm.length; i++) {
      int first = raw[2 * i] & 0xff;
      int second = raw[2 * i + 1] & 0xff;
      pcm[i] = (short) (bigEndian ? (first << 8) | second : (second << 8) | first);
    }
    return pcm;
  }

  /** Sample rate the voice announced. */
  float sampleRate() {
    return format == null ? 0 : format.getSampleRate();
  }

  @Override
  public void setAudioFormat(AudioFormat format) {
    this.format = format;
  }

  @Override
  public AudioFormat getAudioFormat() {
    return format;
  }

  @Override
  public void pause() {}

  @Override
  public void resume() {}

  @Override
  public void reset() {}

  @Override
  public boolean drain() {
    return true;
  }

  @Override
  public void begin(int size) {}

  @Override
  public boolean end() {
    return true;
  }

  @Override
  public void cancel() {}

  @Override
  public void close() {}

  @Override
  public float getVolume() {
    return 1f;
  }

  @Override
  public void setVolume(float volume) {}

  @Override
  public long getTime() {
    return 0;
  }

  @Override
  public void resetTime() {}

  @Override
  public void startFirstSampleTimer() {}

  @Override
  public boolean write(byte[] audio) {
    return write(audio, 0, audio.length);
  }

  @Override
  public boolean write(byte[] audio, int offset, int length) {
    bytes.write(audio, offset, length);
    return true;
  }

  @Override
  public void showMetrics() {}
}
