package io.switchboard.platform.config;

/**
 * The voice endpoints: their own WebSocket limits and timeouts (not the chat hub's), call limits,
 * recording, and the speech engines. Every limit answers with a documented error or close code (see
 * docs/voice-protocol.md).
 *
 * @param maxTelephonyFrameBytes largest text frame on {@code /voice/telephony}
 * @param maxBrowserFrameBytes largest frame on {@code /voice/browser} and {@code /voice/monitor}
 * @param startTimeoutMs how long a new voice WebSocket may take to send its {@code start}
 * @param idleTimeoutMs how long a call may go without audio from the caller before it ends
 * @param maxCallSeconds longest a call may last
 * @param maxCallsPerTenant calls one tenant may hold at once across the cluster
 * @param maxCallsPerNode calls one node takes at once
 * @param reorderFrames telephony frames held to put late chunks back in order
 * @param aiFirstReplyMs how long the AI has to start its reply before the turn goes to a human
 * @param recordingDir folder under which each tenant's recordings are written; empty for none
 * @param vad voice-activity detection and turn-taking
 * @param stt speech-to-text
 * @param tts text-to-speech
 */
public record VoiceConfig(
    int maxTelephonyFrameBytes,
    int maxBrowserFrameBytes,
    int startTimeoutMs,
    int idleTimeoutMs,
    int maxCallSeconds,
    int maxCallsPerTenant,
    int maxCallsPerNode,
    int reorderFrames,
    int aiFirstReplyMs,
    String recordingDir,
    Vad vad,
    Stt stt,
    Tts tts) {

  public VoiceConfig {
    Checks.range(maxTelephonyFrameBytes, 1_024, 1024 * 1024, "voice.max-telephony-frame-bytes");
    Checks.range(maxBrowserFrameBytes, 1_024, 1024 * 1024, "voice.max-browser-frame-bytes");
    Checks.range(startTimeoutMs, 100, 600_000, "voice.start-timeout-ms");
    Checks.range(idleTimeoutMs, 100, 3_600_000, "voice.idle-timeout-ms");
    Checks.range(maxCallSeconds, 1, 86_400, "voice.max-call-seconds");
    Checks.range(maxCallsPerTenant, 1, 10_000_000, "voice.max-calls-per-tenant");
    Checks.range(maxCallsPerNode, 1, 1_000_000, "voice.max-calls-per-node");
    Checks.range(reorderFrames, 0, 50, "voice.reorder-frames");
    Checks.range(aiFirstReplyMs, 100, 600_000, "voice.ai-first-reply-ms");
    Checks.require(recordingDir != null, "voice.recording-dir", "must be a folder or empty");
  }

  /**
   * Turn-taking on top of the voice-activity detector.
   *
   * @param startMs speech that must last this long before the caller counts as speaking
   * @param hangoverMs silence that must last this long before the caller's turn ends
   * @param minSpeechMs shorter utterances (a cough, "mm") are dropped, not transcribed
   */
  public record Vad(int startMs, int hangoverMs, int minSpeechMs) {
    public Vad {
      Checks.range(startMs, 20, 2_000, "voice.vad.start-ms");
      Checks.range(hangoverMs, 20, 5_000, "voice.vad.hangover-ms");
      Checks.range(minSpeechMs, 20, 5_000, "voice.vad.min-speech-ms");
    }
  }

  /**
   * Speech-to-text engine.
   *
   * @param engine {@code pocketsphinx} (embedded), {@code openai} (an OpenAI-compatible
   *     transcription endpoint) or {@code off} (every call goes to humans)
   * @param workers worker threads decoding speech at once on this node
   * @param modelDir the PocketSphinx model folder (with {@code en-us/}, the dictionary and the
   *     language model)
   * @param baseUrl base URL of the OpenAI-compatible API, e.g. {@code https://api.openai.com/v1}
   * @param model transcription model
   * @param apiKey bearer key; empty for none
   */
  public record Stt(
      String engine, int workers, String modelDir, String baseUrl, String model, String apiKey) {
    public Stt {
      Checks.require(
          "pocketsphinx".equals(engine) || "openai".equals(engine) || "off".equals(engine),
          "voice.stt.engine",
          "must be pocketsphinx, openai or off");
      Checks.range(workers, 1, 256, "voice.stt.workers");
      Checks.require(
          !"openai".equals(engine) || !baseUrl.isBlank(),
          "voice.stt.base-url",
          "must be set when voice.stt.engine is openai");
    }
  }

  /**
   * Text-to-speech engine.
   *
   * @param engine {@code freetts} (embedded), {@code openai} (an OpenAI-compatible speech endpoint)
   *     or {@code off}
   * @param workers worker threads synthesising at once on this node
   * @param baseUrl base URL of the OpenAI-compatible API
   * @param model speech model
   * @param voice voice name
   * @param apiKey bearer key; empty for none
   */
  public record Tts(
      String engine, int workers, String baseUrl, String model, String voice, String apiKey) {
    public Tts {
      Checks.require(
          "freetts".equals(engine) || "openai".equals(engine) || "off".equals(engine),
          "voice.tts.engine",
          "must be freetts, openai or off");
      Checks.range(workers, 1, 256, "voice.tts.workers");
      Checks.require(
          !"openai".equals(engine) || !baseUrl.isBlank(),
          "voice.tts.base-url",
          "must be set when voice.tts.engine is openai");
    }
  }
}
