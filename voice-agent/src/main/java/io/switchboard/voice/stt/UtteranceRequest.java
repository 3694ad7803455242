package io.switchboard.voice.stt;

import java.util.List;

/**
 * What the engine needs to know about one utterance.
 *
 * @param tenantId whose call it is (grammars and keywords are per tenant)
 * @param sampleRate rate of the PCM the call feeds: 8000 for telephony, 16000 for browsers
 * @param phrases when not empty, the only phrases the caller is expected to say (a menu choice,
 *     "agent", "cancel"): engines that can restrict their vocabulary recognise only these, which
 *     holds up on narrowband audio where an open vocabulary fails; empty for open speech
 */
public record UtteranceRequest(String tenantId, int sampleRate, List<String> phrases) {

  public UtteranceRequest {
    phrases = List.copyOf(phrases);
  }
}
