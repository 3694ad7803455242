package io.switchboard.voice.call;

/**
 * Event-bus addresses of one live call, on whichever node holds it: how a monitor connected to any
 * node of the cluster listens in and takes over.
 */
public final class CallAddresses {

  /**
   * Control of the call, request/reply JSON: {@code {"action": "attach", "tenant", "user",
   * "reply_to"}} replies {@code {"call_id", "mode", "transcript": [...]}} and starts the audio and
   * events to {@code reply_to}; {@code "detach"} stops them; {@code "takeover"} and {@code
   * "handback"} (with {@code "tenant", "user"}) switch between the bot and the agent. A tenant that
   * is not the call's fails with 404.
   */
  public static String control(String callId) {
    return "voice.call." + callId;
  }

  /** The taking-over agent's microphone: buffers of 16-bit LE PCM at 16 kHz. */
  public static String agentAudio(String callId) {
    return "voice.call." + callId + ".agent";
  }

  /** Track byte of a monitor's audio buffer: what the caller says. */
  public static final byte TRACK_CALLER = 0;

  /** Track byte of a monitor's audio buffer: what the caller hears (bot or agent). */
  public static final byte TRACK_REPLY = 1;

  private CallAddresses() {}
}
