package io.switchboard.voice.stt;

import io.vertx.core.buffer.Buffer;

/** A mono 16-bit PCM WAV file in memory, the upload format every transcription API takes. */
final class WavAudio {

  /** Bytes before the samples: RIFF, fmt and data chunk headers. */
  static final int HEADER_BYTES = 44;

  private WavAudio() {}

  static Buffer of(short[] samples, int count, int sampleRate) {
    int dataBytes = count * 2;
    Buffer wav = Buffer.buffer(HEADER_BYTES + dataBytes);
    wav.appendString("RIFF")
        .appendIntLE(36 + dataBytes)
        .appendString("WAVE")
        .appendString("fmt ")
        .appendIntLE(16)
        .appendShortLE((short) 1) // PCM
        .appendShortLE((short) 1) // mono
        .appendIntLE(sampleRate)
        .appendIntLE(sampleRate * 2)
        .appendShortLE((short) 2)
        .appendShortLE((short) 16)
        .appendString("data")
        .appendIntLE(dataBytes);
    for (int i = 0; i < count; i++) {
      wav.appendShortLE(samples[i]);
    }
    return wav;
  }
}
