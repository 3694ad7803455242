package io.switchboard.hub.fanout;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.switchboard.hub.protocol.FrameCodec;
import io.switchboard.protos.hub.v1.Push;
import io.switchboard.protos.hub.v1.Reply;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * One push encoded at most once per frame format, however many subscribers it is written to, and
 * kept as the whole WebSocket frame: every subscriber's socket gets the same bytes, with nothing
 * encoded or framed per connection (the cost of a fan-out is the writes, not the encoding).
 *
 * <p>The frame of a push alone is kept off the heap, so the socket sends it from where it lies:
 * every subscriber's write is a duplicate of the one buffer, where a heap array would be copied
 * into a direct buffer once per subscriber before the system call.
 */
public final class EncodedPush {

  private final Reply reply;
  // Per frame format (see slot()): the encoded reply, and the whole frame of the push alone.
  private final byte[][] payloads = new byte[2][];
  private final ByteBuf[] frames = new ByteBuf[2];

  public EncodedPush(Push push) {
    this.reply = Reply.newBuilder().setPush(push).build();
  }

  /** The publication's offset; 0 for pushes that are not kept. */
  long offset() {
    return reply.getPush().getPub().getOffset();
  }

  /** The push alone as a whole frame in the format of {@code codec}; the caller releases it. */
  public ByteBuf frame(FrameCodec codec) {
    int slot = slot(codec);
    ByteBuf frame = frames[slot];
    if (frame == null) {
      byte[] bytes = whole(payload(codec), codec);
      // A JDK direct buffer, wrapped: releasing the wrapper never frees the memory, the garbage
      // collector does once no write holds a duplicate, so nobody has to know when the last
      // subscriber's write is done. This reference is never released, the count never reaches 0.
      frame = Unpooled.wrappedBuffer(ByteBuffer.allocateDirect(bytes.length).put(bytes).flip());
      frames[slot] = frame;
    }
    return frame.retainedDuplicate();
  }

  /**
   * {@code pushes} as one frame: JSON lines joined by {@code '\n'}, or length-delimited Protobuf
   * replies one after the other, as the client protocol allows.
   */
  public static ByteBuf frame(List<EncodedPush> pushes, FrameCodec codec) {
    if (pushes.size() == 1) {
      return pushes.get(0).frame(codec);
    }
    boolean lines = codec.textFrames();
    int length = lines ? pushes.size() - 1 : 0;
    for (EncodedPush push : pushes) {
      length += push.payload(codec).length;
    }
    byte[] payload = new byte[length];
    int at = 0;
    for (EncodedPush push : pushes) {
      if (lines && at > 0) {
        payload[at++] = '\n';
      }
      byte[] part = push.payload(codec);
      System.arraycopy(part, 0, payload, at, part.length);
      at += part.length;
    }
    return Unpooled.wrappedBuffer(whole(payload, codec));
  }

  /** {@code reply} as a whole frame in the format of {@code codec}. */
  public static ByteBuf frame(Reply reply, FrameCodec codec) {
    return Unpooled.wrappedBuffer(whole(codec.encode(reply).getBytes(), codec));
  }

  private byte[] payload(FrameCodec codec) {
    int slot = slot(codec);
    if (payloads[slot] == null) {
      payloads[slot] = codec.encode(reply).getBytes();
    }
    return payloads[slot];
  }

  private static byte[] whole(byte[] payload, FrameCodec codec) {
    return WholeFrames.message(codec.textFrames(), payload);
  }

  private static int slot(FrameCodec codec) {
    return codec.textFrames() ? 0 : 1;
  }
}
