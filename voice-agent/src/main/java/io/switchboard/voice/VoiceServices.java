package io.switchboard.voice;

import io.switchboard.platform.config.VoiceConfig;
import io.switchboard.platform.crud.CrudClient;
import io.switchboard.voice.ai.AiTurns;
import io.switchboard.voice.call.VoiceMetrics;
import io.switchboard.voice.limits.TenantCallLimits;
import io.switchboard.voice.stt.SpeechToText;
import io.switchboard.voice.tts.TextToSpeech;

/**
 * What the voice role's verticle made once per node and every front instance shares.
 *
 * @param stt the speech-to-text engine, or null when off or missing (calls go to human agents)
 * @param tts the text-to-speech engine, or null when off
 */
public record VoiceServices(
    VoiceConfig config,
    SpeechToText stt,
    TextToSpeech tts,
    AiTurns ai,
    CrudClient crud,
    TenantCallLimits limits,
    VoiceMetrics metrics) {}
