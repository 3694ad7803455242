package io.switchboard.hub.protocol;

/**
 * What one incoming frame may hold; both bound the work a single frame can cause before the session
 * sees it.
 *
 * @param maxJsonDepth deepest JSON nesting accepted, the command object itself being level 1
 * @param maxCommandsPerFrame most commands accepted in one frame
 */
public record CodecLimits(int maxJsonDepth, int maxCommandsPerFrame) {

  /** Deep enough for any command plus an application payload nested a dozen levels. */
  public static final int DEFAULT_MAX_JSON_DEPTH = 16;

  /** The SDKs batch a handful of commands at most (a connect with its subscribes). */
  public static final int DEFAULT_MAX_COMMANDS_PER_FRAME = 64;

  public static final CodecLimits DEFAULTS =
      new CodecLimits(DEFAULT_MAX_JSON_DEPTH, DEFAULT_MAX_COMMANDS_PER_FRAME);

  public CodecLimits {
    if (maxJsonDepth < 2) {
      throw new IllegalArgumentException("maxJsonDepth must allow a command with a request");
    }
    if (maxCommandsPerFrame < 1) {
      throw new IllegalArgumentException("maxCommandsPerFrame must be at least 1");
    }
  }
}
