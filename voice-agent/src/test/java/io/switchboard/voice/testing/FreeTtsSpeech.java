package io.switchboard.voice.testing;

import com.sun.speech.freetts.Voice;
import com.sun.speech.freetts.VoiceManager;
import com.sun.speech.freetts.audio.AudioPlayer;
import java.io.ByteArrayOutputStream;
import javax.sound.sampled.AudioFormat;

/** Synthesises real speech for tests with FreeTTS's kevin16 voice (16 kHz, 16-bit mono). */
public final class FreeTtsSpeech {

  private static final String VOICE_DIRECTORY =
      "com.sun.speech.freetts.en.us.cmu_us_kal.KevinVoiceDirectory";

  private FreeTtsSpeech() {}

  /** The sentence spoken by kevin16, as 16 kHz samples. */
  public static short[] speak(String sentence) {
    if (System.getProperty("freetts.voices") == null) {
      System.setProperty("freetts.voices", VOICE_DIRECTORY);
    }
    Voice voice = VoiceManager.getInstance().getVoice("kevin16");
    if (voice == null) {
      throw new IllegalStateException("FreeTTS voice kevin16 is not on the class path");
    }
    Capture capture = new Capture();
    voice.setAudioPlayer(capture);
    voice.allocate();
    try {
      if (!voice.speak(sentence)) {
        throw new IllegalStateException("FreeTTS could not speak: " + sentence);
      }
    } finally {
      voice.deallocate();
    }
    return capture.samples();
  }

  /** An audio player that keeps what it is given instead of playing it. */
  private static final class Capture implements AudioPlayer {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private AudioFormat format = new AudioFormat(16000, 16, 1, true, true);
    private float volume = 1f;

    short[] samples() {
      if (format.getSampleRate() != 16000 || format.getSampleSizeInBits() != 16) {
        throw new IllegalStateException("unexpected FreeTTS format " + format);
      }
      byte[] raw = bytes.toByteArray();
      short[] out = new short[raw.length / 2];
      boolean bigEndian = format.isBigEndian();
      for (int i = 0; i < out.length; i++) {
        int hi = bigEndian ? raw[2 * i] : raw[2 * i + 1];
        int lo = bigEndian ? raw[2 * i + 1] : raw[2 * i];
        out[i] = (short) ((hi << 8) | (lo & 0xFF));
      }
      return out;
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
      return volume;
    }

    @Override
    public void setVolume(float volume) {
      this.volume = volume;
    }

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
    public boolean write(byte[] audio, int offset, int size) {
      bytes.write(audio, offset, size);
      return true;
    }

    @Override
    public void showMetrics() {}
  }
}
