package io.switchboard.voice.stt;

import io.switchboard.voice.codec.Downsampler;
import io.switchboard.voice.codec.MuLaw;

/** What a phone line does to 16 kHz speech: 8 kHz, mu-law on the wire, decoded back to PCM. */
final class Telephony {

  private Telephony() {}

  static short[] overPhoneLine(short[] pcm16k) {
    Downsampler downsampler = new Downsampler();
    short[] narrow = new short[pcm16k.length / 2 + Downsampler.FRAME_OUT];
    int n = 0;
    for (int at = 0; at < pcm16k.length; at += Downsampler.FRAME_IN) {
      int frame = Math.min(Downsampler.FRAME_IN, pcm16k.length - at);
      n += downsampler.process(pcm16k, at, frame, narrow, n);
    }
    byte[] wire = new byte[n];
    MuLaw.encode(narrow, 0, wire, 0, n);
    short[] heard = new short[n];
    MuLaw.decode(wire, 0, heard, 0, n);
    return heard;
  }
}
