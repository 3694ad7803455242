package io.switchboard.voice.stt;

import com.sun.jna.Pointer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * One native PocketSphinx decoder with its open-vocabulary search and a cache of phrase grammars;
 * not thread-safe, so exactly one worker uses it at a time.
 */
final class PocketSphinxDecoder implements AutoCloseable {

  /** PocketSphinx's name for the search built from {@code -lm}. */
  static final String OPEN_VOCABULARY = "_default";

  /** Distinct phrase lists kept compiled per decoder; the least recently used is dropped. */
  static final int MAX_CACHED_GRAMMARS = 64;

  /** Most phrases one grammar takes; a menu is a handful. */
  static final int MAX_PHRASES = 200;

  private final PocketSphinxLibrary library;
  private final Pointer config;
  private final Pointer decoder;

  /**
   * Where {@code feat_t} keeps its {@code cmn_t *} and its cepstrum size, on x86-64 in sphinxbase
   * 5prealpha (feat.h); checked against the model's 13 cepstra before it is trusted.
   */
  private static final int FEAT_CMN_OFFSET = 88;

  private static final int FEAT_CEPSIZE_OFFSET = 16;
  private static final int CEPSTRA = 13;

  private final Pointer cmn;
  private final float[] initialMean;
  private final Map<List<String>, String> grammars = new LinkedHashMap<>(16, 0.75f, true);
  private int grammarsMade;

  private PocketSphinxDecoder(PocketSphinxLibrary library, Pointer config, Pointer decoder) {
    this.library = library;
    this.config = config;
    this.decoder = decoder;
    Pointer feat = library.ps_get_feat(decoder);
    if (feat != null && feat.getInt(FEAT_CEPSIZE_OFFSET) == CEPSTRA) {
      this.cmn = feat.getPointer(FEAT_CMN_OFFSET);
      this.initialMean = new float[CEPSTRA];
      library.cmn_live_get(cmn, initialMean);
    } else {
      this.cmn = null;
      this.initialMean = null;
    }
  }

  /** Loads the model; takes a second or two and about 90 MB, so it runs on a worker. */
  static PocketSphinxDecoder load(PocketSphinxLibrary library, PocketSphinxModel model) {
    // The library keeps process-wide state (its log stream, the model's file handles while they
    // are read): decoders are made and freed one at a time, whatever engine asks.
    synchronized (PocketSphinxLibrary.class) {
      return loadAlone(library, model);
    }
  }

  private static PocketSphinxDecoder loadAlone(
      PocketSphinxLibrary library, PocketSphinxModel model) {
    Pointer config = library.cmd_ln_init(null, library.ps_args(), 1, model.arguments());
    if (config == null) {
      throw new IllegalStateException("PocketSphinx refused the decoder arguments");
    }
    Pointer decoder = library.ps_init(config);
    if (decoder == null) {
      library.cmd_ln_free_r(config);
      throw new IllegalStateException("PocketSphinx could not load the model in " + model.dir());
    }
    return new PocketSphinxDecoder(library, config, decoder);
  }

  /**
   * Starts an utterance recognising only {@code phrases}, or open speech when the list is empty or
   * none of its phrases is in the dictionary.
   */
  void start(List<String> phrases, float[] channelMean) {
    String search = phrases.isEmpty() ? OPEN_VOCABULARY : grammarFor(phrases);
    check(library.ps_set_search(decoder, search), "ps_set_search");
    startFrom(channelMean);
    check(library.ps_start_utt(decoder), "ps_start_utt");
  }

  /** Decodes {@code samples} (16 kHz); the whole array is audio. */
  void process(short[] samples) {
    check(library.ps_process_raw(decoder, samples, samples.length, 0, 0), "ps_process_raw");
  }

  /** Ends the utterance and returns what was heard: lower case, single spaces, no fillers. */
  String end() {
    check(library.ps_end_utt(decoder), "ps_end_utt");
    String hyp = library.ps_get_hyp(decoder, null);
    return hyp == null ? "" : normalise(hyp);
  }

  /**
   * Live cepstral mean normalisation learns the channel from every utterance a decoder hears;
   * decoders are shared by calls, so each utterance starts from a fixed mean for its kind of line
   * instead of the previous caller's, and two identical utterances are heard alike.
   */
  private void startFrom(float[] channelMean) {
    if (cmn != null) {
      library.cmn_live_set(cmn, channelMean == null ? initialMean : channelMean);
    }
  }

  /** The live cepstral mean now (after an utterance: what it learned), for calibration. */
  float[] channelMean() {
    float[] mean = new float[CEPSTRA];
    if (cmn != null) {
      library.cmn_live_get(cmn, mean);
    }
    return mean;
  }

  @Override
  public void close() {
    synchronized (PocketSphinxLibrary.class) {
      library.ps_free(decoder);
      library.cmd_ln_free_r(config);
    }
  }

  private String grammarFor(List<String> phrases) {
    String cached = grammars.get(phrases);
    if (cached != null) {
      return cached;
    }
    List<String> known = knownPhrases(phrases);
    String search = OPEN_VOCABULARY;
    if (!known.isEmpty()) {
      search = "phrases-" + ++grammarsMade;
      check(library.ps_set_jsgf_string(decoder, search, jsgf(known)), "ps_set_jsgf_string");
    }
    grammars.put(phrases, search);
    evictBeyondLimit();
    return search;
  }

  private void evictBeyondLimit() {
    var oldest = grammars.entrySet().iterator();
    while (grammars.size() > MAX_CACHED_GRAMMARS) {
      String search = oldest.next().getValue();
      oldest.remove();
      if (!search.equals(OPEN_VOCABULARY)) {
        library.ps_unset_search(decoder, search);
      }
    }
  }

  /** Phrases in lower case whose every word the dictionary can pronounce. */
  private List<String> knownPhrases(List<String> phrases) {
    List<String> known = new ArrayList<>();
    for (String phrase : phrases.subList(0, Math.min(phrases.size(), MAX_PHRASES))) {
      String words = phraseWords(phrase);
      if (!words.isEmpty() && inDictionary(words)) {
        known.add(words);
      }
    }
    return known.stream().distinct().toList();
  }

  private boolean inDictionary(String words) {
    for (String word : words.split(" ")) {
      Pointer pronunciation = library.ps_lookup_word(decoder, word);
      if (pronunciation == null) {
        return false;
      }
      library.ckd_free(pronunciation);
    }
    return true;
  }

  /** A phrase as dictionary words: lower case, letters, digits and apostrophes only. */
  static String phraseWords(String phrase) {
    return phrase.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9']+", " ").trim();
  }

  static String jsgf(List<String> phrases) {
    return "#JSGF V1.0;\ngrammar phrases;\npublic <phrase> = "
        + phrases.stream().collect(Collectors.joining(" | "))
        + ";\n";
  }

  /** Drops the fillers and alternate-pronunciation marks PocketSphinx can leave in a hypothesis. */
  static String normalise(String hyp) {
    return hyp.replaceAll("<[^>]*>|\\[[^]]*]|\\(\\d+\\)", " ")
        .trim()
        .replaceAll("\\s+", " ")
        .toLowerCase(Locale.ROOT);
  }

  private static void check(int status, String call) {
    if (status < 0) {
      throw new IllegalStateException(call + " failed (" + status + ")");
    }
  }
}
