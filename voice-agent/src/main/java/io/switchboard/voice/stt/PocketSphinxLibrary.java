package io.switchboard.voice.stt;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.IntByReference;

/**
 * The part of Debian's {@code libpocketsphinx.so.3} (0.8+5prealpha, with sphinxbase's {@code
 * cmd_ln_*} reached through it) that a streaming decoder needs, bound through JNA.
 */
public interface PocketSphinxLibrary extends Library {

  /** The shared library as Debian's {@code pocketsphinx} package installs it. */
  String DEFAULT_NAME = "libpocketsphinx.so.3";

  /**
   * Loads the library with its logging off; throws {@link UnsatisfiedLinkError} when it is not
   * installed.
   */
  static PocketSphinxLibrary load(String name) {
    PocketSphinxLibrary library = Native.load(name, PocketSphinxLibrary.class);
    // The library logs every step to stderr; the engine logs what matters. Switched off once for
    // the process rather than with -logfn, which makes each ps_init close and reopen one global
    // log file: two decoders loading at once then deadlocked inside glibc's fclose.
    library.err_set_logfp(null);
    return library;
  }

  /**
   * sphinxbase's log stream for the whole process ({@code FILE *}); null switches logging off.
   * Reached through the pocketsphinx library, which links sphinxbase.
   */
  void err_set_logfp(Pointer stream);

  /** The argument definitions {@code ps_init} understands. */
  Pointer ps_args();

  /** Builds a configuration from {@code "-name", "value"} pairs ending with {@code null}. */
  Pointer cmd_ln_init(Pointer inout, Pointer definitions, int strict, Object... nameValuePairs);

  int cmd_ln_free_r(Pointer config);

  Pointer ps_init(Pointer config);

  int ps_free(Pointer decoder);

  int ps_start_utt(Pointer decoder);

  int ps_process_raw(Pointer decoder, short[] samples, long count, int noSearch, int fullUtt);

  int ps_end_utt(Pointer decoder);

  String ps_get_hyp(Pointer decoder, IntByReference bestScore);

  /** The word's pronunciation, or null when the dictionary lacks it; free it with ckd_free. */
  Pointer ps_lookup_word(Pointer decoder, String word);

  void ckd_free(Pointer memory);

  int ps_set_jsgf_string(Pointer decoder, String name, String jsgf);

  int ps_set_kws(Pointer decoder, String name, String keywordFile);

  int ps_set_keyphrase(Pointer decoder, String name, String keyphrase);

  int ps_set_search(Pointer decoder, String name);

  int ps_unset_search(Pointer decoder, String name);

  String ps_get_search(Pointer decoder);

  /** The decoder's feature computation ({@code feat_t *}). */
  Pointer ps_get_feat(Pointer decoder);

  /** Reads the live cepstral mean ({@code cmn_t *}, {@code mfcc_t} is float in Debian's build). */
  void cmn_live_get(Pointer cmn, float[] mean);

  /** Sets the live cepstral mean and restarts its running sum from it. */
  void cmn_live_set(Pointer cmn, float[] mean);
}
