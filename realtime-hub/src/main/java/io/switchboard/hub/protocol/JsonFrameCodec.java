package io.switchboard.hub.protocol;

import io.switchboard.protos.hub.v1.Command;
import io.switchboard.protos.hub.v1.Reply;
import io.vertx.core.buffer.Buffer;
import java.util.List;

/** Centrifugo's JSON protocol: newline-delimited objects in text frames. */
final class JsonFrameCodec implements FrameCodec {

  private final JsonCommandReader reader;
  private final JsonReplyWriter writer = new JsonReplyWriter();

  JsonFrameCodec(CodecLimits limits) {
    this.reader = new JsonCommandReader(limits);
  }

  @Override
  public FrameFormat format() {
    return FrameFormat.JSON;
  }

  @Override
  public List<Command> decode(Buffer frame) {
    return reader.read(frame.getBytes());
  }

  @Override
  public Buffer encode(List<Reply> replies) {
    return writer.write(replies);
  }

  @Override
  public Buffer encode(Reply reply) {
    return writer.write(List.of(reply));
  }

  @Override
  public boolean textFrames() {
    return true;
  }
}
