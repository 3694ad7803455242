package io.switchboard.voice.stt;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Where a PocketSphinx model lives (Debian's {@code pocketsphinx-en-us} layout) and the decoder
 * arguments that load it.
 *
 * @param dir the model folder, holding {@code en-us/} (the acoustic model), {@code en-us.lm.bin}
 *     and {@code cmudict-en-us.dict}
 * @param extraArguments further {@code "-name", "value"} pairs (front-end variants measured in the
 *     accuracy benchmark)
 */
public record PocketSphinxModel(Path dir, List<String> extraArguments) {

  /** Sample rate the en-us acoustic model was trained on; narrowband audio is upsampled to it. */
  public static final int MODEL_SAMPLE_RATE = 16_000;

  public PocketSphinxModel {
    extraArguments = List.copyOf(extraArguments);
    if (extraArguments.size() % 2 != 0) {
      throw new IllegalArgumentException("extra arguments come in name, value pairs");
    }
  }

  /** The model in {@code dir} with the front end it was trained with. */
  public static PocketSphinxModel in(Path dir) {
    return new PocketSphinxModel(dir, List.of());
  }

  Path acousticModel() {
    return dir.resolve("en-us");
  }

  Path languageModel() {
    return dir.resolve("en-us.lm.bin");
  }

  Path dictionary() {
    return dir.resolve("cmudict-en-us.dict");
  }

  /** The first of the model's files that is missing, or null when all are there. */
  Path missingFile() {
    for (Path p : List.of(acousticModel().resolve("mdef"), languageModel(), dictionary())) {
      if (!Files.isReadable(p)) {
        return p;
      }
    }
    return null;
  }

  /** Arguments for {@code cmd_ln_init}, ending with the null it expects. */
  Object[] arguments() {
    List<Object> args = new ArrayList<>();
    args.addAll(
        List.of(
            "-hmm", acousticModel().toString(),
            "-lm", languageModel().toString(),
            "-dict", dictionary().toString()));
    args.addAll(extraArguments);
    args.add(null);
    return args.toArray();
  }
}
