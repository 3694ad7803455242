package io.switchboard.voice.stt;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Real human recordings from Debian's pocketsphinx-testdata, with what each one says. */
final class Recordings {

  static final Path TEST_DATA = Path.of("/usr/share/pocketsphinx/test/data");
  static final Path MODEL_DIR = Path.of("/usr/share/pocketsphinx/model/en-us");

  /** A recording and its reference words. */
  record Recording(String name, short[] pcm16k, String words) {}

  /** Sphinx transcription lines: {@code <s> words </s> (file id)}. */
  private static final Pattern TRANSCRIPTION =
      Pattern.compile("\\s*(?:<s>)?\\s*(.*?)\\s*(?:</s>)?\\s*\\(([^)]+)\\)\\s*");

  private Recordings() {}

  static Recording goForward() {
    return new Recording(
        "goforward", samples(TEST_DATA.resolve("goforward.raw"), 0), "go forward ten meters");
  }

  static List<Recording> cards() {
    return transcribed(TEST_DATA.resolve("cards"), "cards.transcription");
  }

  static List<Recording> librivox() {
    return transcribed(TEST_DATA.resolve("librivox"), "transcription");
  }

  private static List<Recording> transcribed(Path dir, String transcription) {
    List<Recording> out = new ArrayList<>();
    try {
      for (String line : Files.readAllLines(dir.resolve(transcription))) {
        Matcher m = TRANSCRIPTION.matcher(line);
        if (m.matches()) {
          String words = m.group(1).replaceAll("\\s+", " ");
          Path wav = dir.resolve(m.group(2) + ".wav");
          out.add(new Recording(m.group(2), samples(wav, 44), words));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }

  /** 16-bit little-endian samples after {@code skip} header bytes. */
  static short[] samples(Path file, int skip) {
    try {
      byte[] bytes = Files.readAllBytes(file);
      short[] pcm = new short[(bytes.length - skip) / 2];
      ByteBuffer.wrap(bytes, skip, pcm.length * 2)
          .order(ByteOrder.LITTLE_ENDIAN)
          .asShortBuffer()
          .get(pcm);
      return pcm;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
