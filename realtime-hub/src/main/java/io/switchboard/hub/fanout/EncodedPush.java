package io.switchboard.hub.fanout;

import io.switchboard.hub.protocol.FrameCodec;
import io.switchboard.protos.hub.v1.Push;
import io.switchboard.protos.hub.v1.Reply;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocketBase;
import java.nio.charset.StandardCharsets;
import java.util.List;

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

  /** The publication's offset; 0 for pushes that are not kept. */
  long offset() {
    return reply.getPush().getPub().getOffset();
  }

  /** Writes the push to {@code socket} in the frame format of {@code codec}. */
  public Future<Void> writeTo(WebSocketBase socket, FrameCodec codec) {
    return codec.textFrames()
        ? socket.writeTextMessage(text(codec))
        : socket.writeBinaryMessage(binary(codec));
  }

  /**
   * Writes {@code pushes} to {@code socket} as one frame: JSON lines joined by {@code '\n'}, or
   * length-delimited Protobuf replies one after the other, as the client protocol allows.
   */
  public static Future<Void> writeAll(
      List<EncodedPush> pushes, WebSocketBase socket, FrameCodec codec) {
    if (pushes.size() == 1) {
      return pushes.get(0).writeTo(socket, codec);
    }
    if (codec.textFrames()) {
      StringBuilder frame = new StringBuilder();
      for (EncodedPush push : pushes) {
        if (frame.length() > 0) {
          frame.append('\n');
        }
        frame.append(push.text(codec));
      }
      return socket.writeTextMessage(frame.toString());
    }
    Buffer frame = Buffer.buffer();
    for (EncodedPush push : pushes) {
      frame.appendBuffer(push.binary(codec));
    }
    return socket.writeBinaryMessage(frame);
  }

  private String text(FrameCodec codec) {
    if (text == null) {
      text = codec.encode(reply).toString(StandardCharsets.UTF_8);
    }
    return text;
  }

  private Buffer binary(FrameCodec codec) {
    if (binary == null) {
      binary = codec.encode(reply);
    }
    return binary;
  }
}
