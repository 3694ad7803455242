package io.switchboard.voice.call;

import io.switchboard.platform.auth.Caller;
import io.switchboard.platform.config.VoiceConfig;
import io.switchboard.platform.crud.CrudClient;
import io.switchboard.platform.error.NotFound;
import io.switchboard.voice.ai.AiTurns;
import io.switchboard.voice.recording.CallRecorder;
import io.switchboard.voice.stt.SpeechToText;
import io.switchboard.voice.tts.TextToSpeech;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.time.Clock;

/**
 * What every call on one event loop shares: the configuration, the speech engines (null when off or
 * not available: calls then go to human agents), the AI agent, tenant data, meters and the loop's
 * playout clock.
 */
public record CallServices(
    Vertx vertx,
    VoiceConfig config,
    SpeechToText stt,
    TextToSpeech tts,
    AiTurns ai,
    CrudClient crud,
    VoiceMetrics metrics,
    PlayoutClock clock) {

  /** The tenant's voice settings; a tenant that does not exist may not call. */
  Future<VoiceSettings> settings(Caller service) {
    return crud.tenant(service)
        .map(VoiceSettings::of)
        .recover(
            failure ->
                Future.failedFuture(
                    failure instanceof NotFound
                        ? new CallRefused(VoiceClose.FORBIDDEN, "no such tenant")
                        : new CallRefused(VoiceClose.UNAVAILABLE, "tenant data unavailable")));
  }

  /** The call's recording, or null when recording is off. */
  Future<CallRecorder> recorder(String tenant, String callId, int sampleRate) {
    if (config.recordingDir().isBlank()) {
      return Future.succeededFuture(null);
    }
    return CallRecorder.open(
        vertx, Path.of(config.recordingDir()), tenant, callId, sampleRate, Clock.systemUTC());
  }
}
