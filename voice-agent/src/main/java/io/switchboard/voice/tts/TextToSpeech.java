package io.switchboard.voice.tts;

import io.vertx.core.Future;

/**
 * A text-to-speech engine: one sentence at a time, so a reply's first sentence can play while the
 * rest is still being written. Implementations synthesise on a bounded worker pool or remotely;
 * {@link #synthesize} returns at once and is called from the call's event loop.
 */
public interface TextToSpeech extends AutoCloseable {

  /** The engine's name as configured ({@code freetts}, {@code openai}, {@code memory}). */
  String name();

  /** Speaks {@code text}: 16-bit mono PCM at 16 kHz. */
  Future<Speech> synthesize(String tenantId, String text);

  @Override
  void close();
}
