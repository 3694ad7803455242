package io.switchboard.hub.protocol;

import io.switchboard.protos.hub.v1.Command;
import io.switchboard.protos.hub.v1.Reply;
import io.vertx.core.buffer.Buffer;
import java.util.List;

/** Turns WebSocket frames into commands and replies into frames, in one {@link FrameFormat}. */
public interface FrameCodec {

  static FrameCodec of(FrameFormat format, CodecLimits limits) {
    switch (format) {
      case JSON:
        return new JsonFrameCodec(limits);
      case PROTOBUF:
        return new ProtobufFrameCodec(limits);
      default:
        throw new IllegalArgumentException("no codec for " + format);
    }
  }

  FrameFormat format();

  /**
   * Commands in one WebSocket frame (JSON: newline-delimited objects, text frame; Protobuf: varint
   * length-delimited Command messages, binary frame). An empty object is a Command with nothing
   * set: the client's pong.
   *
   * @throws BadFrameException for invalid JSON, JSON nested deeper than the limit, a non-object
   *     JSON value, a known field of the wrong JSON type, a truncated or invalid Protobuf message,
   *     or more commands than the limit
   */
  List<Command> decode(Buffer frame);

  /** One frame holding these replies (JSON: objects joined by '\n'; Protobuf: length-delimited). */
  Buffer encode(List<Reply> replies);

  Buffer encode(Reply reply);

  /** true when frames of this format go as text frames. */
  boolean textFrames();
}
