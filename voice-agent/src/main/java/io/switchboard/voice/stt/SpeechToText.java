package io.switchboard.voice.stt;

/**
 * A speech-to-text engine, streaming: a call opens an {@link Utterance} when the caller starts
 * speaking, feeds it audio frame by frame as it arrives, and finishes it when the caller's turn
 * ends. Implementations decode on a bounded worker pool; every method here returns at once and is
 * called from the call's event loop.
 */
public interface SpeechToText extends AutoCloseable {

  /** The engine's name as configured ({@code pocketsphinx}, {@code openai}, {@code memory}). */
  String name();

  /** Opens an utterance for audio described by {@code request}. */
  Utterance open(UtteranceRequest request);

  /** Releases the engine's native resources and worker threads. */
  @Override
  void close();
}
