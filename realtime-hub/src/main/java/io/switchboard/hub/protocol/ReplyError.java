package io.switchboard.hub.protocol;

import io.switchboard.protos.hub.v1.Error;

/**
 * Why a command failed: the reply carries the code and message, the connection stays open. Thrown
 * or failed into a Future by command handlers; the session turns it into the reply.
 */
public final class ReplyError extends RuntimeException {

  private final ErrorCode code;

  public ReplyError(ErrorCode code, String detail) {
    super(
        detail == null || detail.isEmpty() ? code.message() : code.message() + ": " + detail,
        null,
        false,
        false);
    this.code = code;
  }

  public ErrorCode code() {
    return code;
  }

  /** The protocol's error object. */
  public Error toProto() {
    return Error.newBuilder()
        .setCode(code.code())
        .setMessage(getMessage())
        .setTemporary(code.temporary())
        .build();
  }
}
