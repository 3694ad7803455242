package io.switchboard.hub.fanout;

import io.switchboard.hub.protocol.FrameCodec;
import io.switchboard.protos.hub.v1.Push;
import io.switchboard.protos.hub.v1.Reply;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocketBase;
import java.nio.charset.StandardCharsets;

/**
 * One push encoded at most once per frame format, however many subscribers it is written to: the
 * cost of a fan-out is the writes, not the encoding.
 */
public final class EncodedPush {

  private final Reply reply;
  private String text;
  private Buffer binary;

  public EncodedPush(Push push) {
    this.reply = Reply.newBuilder().setPush(push).build();
  }

  /** Writes the push to {@code socket} in the frame format of {@code codec}. */
  public Future<Void> writeTo(WebSocketBase socket, FrameCodec codec) {
    if (codec.textFrames()) {
      if (text == null) {
        text = codec.encode(reply).toString(StandardCharsets.UTF_8);
      }
      return socket.writeTextMessage(text);
    }
    if (binary == null) {
      binary = codec.encode(reply);
    }
    return socket.writeBinaryMessage(binary);
  }
}
