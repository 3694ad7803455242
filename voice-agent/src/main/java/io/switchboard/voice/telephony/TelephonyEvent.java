package io.switchboard.voice.telephony;

import java.util.Map;

/**
 * One event a telephony provider sends on a bidirectional media stream, in the JSON shape providers
 * share (Twilio Media Streams and its look-alikes).
 */
public sealed interface TelephonyEvent {

  /** The provider opened the stream; nothing to do. */
  record Connected() implements TelephonyEvent {}

  /**
   * The stream's metadata.
   *
   * @param streamSid the stream id every outgoing event must carry
   * @param callSid the provider's call id
   * @param encoding {@code audio/x-mulaw} or {@code audio/x-alaw}
   * @param sampleRate 8000
   * @param parameters the custom parameters (tenant, token, and anything else the provider passes)
   */
  record Start(
      String streamSid,
      String callSid,
      String encoding,
      int sampleRate,
      Map<String, String> parameters)
      implements TelephonyEvent {}

  /**
   * One chunk of the caller's audio.
   *
   * @param chunk the provider's chunk number, from 1, used to put chunks back in order
   * @param timestampMs milliseconds since the stream started
   * @param payload base64 of 8-bit G.711 samples
   */
  record Media(long chunk, long timestampMs, String payload) implements TelephonyEvent {}

  /** A key the caller pressed, as the provider detected it. */
  record Dtmf(char digit) implements TelephonyEvent {}

  /** The provider played the audio sent before the mark named {@code name}. */
  record Mark(String name) implements TelephonyEvent {}

  /** The call ended on the provider's side. */
  record Stop() implements TelephonyEvent {}
}
