package io.switchboard.hub.protocol;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import io.netty.buffer.Unpooled;
import io.switchboard.protos.hub.v1.Command;
import io.switchboard.protos.hub.v1.Reply;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.internal.buffer.BufferInternal;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Centrifugo's Protobuf protocol: varint length-delimited messages in binary frames, as {@code
 * writeDelimitedTo} writes them. A lone 0x00 is one empty Command, the client's pong.
 */
final class ProtobufFrameCodec implements FrameCodec {

  private final CodecLimits limits;

  ProtobufFrameCodec(CodecLimits limits) {
    this.limits = limits;
  }

  @Override
  public FrameFormat format() {
    return FrameFormat.PROTOBUF;
  }

  @Override
  public List<Command> decode(Buffer frame) {
    byte[] bytes = frame.getBytes();
    CodedInputStream in = CodedInputStream.newInstance(bytes);
    List<Command> commands = new ArrayList<>(1);
    try {
      while (!in.isAtEnd()) {
        if (commands.size() == limits.maxCommandsPerFrame()) {
          throw new BadFrameException(
              "frame holds more than " + limits.maxCommandsPerFrame() + " commands");
        }
        int length = in.readRawVarint32();
        if (length < 0 || length > bytes.length - in.getTotalBytesRead()) {
          throw new BadFrameException(
              "command "
                  + (commands.size() + 1)
                  + " is truncated: its length prefix says "
                  + length
                  + " bytes");
        }
        int previousLimit = in.pushLimit(length);
        commands.add(Command.parser().parseFrom(in));
        in.popLimit(previousLimit);
      }
    } catch (InvalidProtocolBufferException e) {
      throw new BadFrameException(
          "command "
              + (commands.size() + 1)
              + " is not a valid protobuf Command: "
              + e.getMessage());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return commands;
  }

  @Override
  public Buffer encode(List<Reply> replies) {
    int[] sizes = new int[replies.size()];
    int total = 0;
    for (int i = 0; i < sizes.length; i++) {
      sizes[i] = replies.get(i).getSerializedSize();
      total += CodedOutputStream.computeUInt32SizeNoTag(sizes[i]) + sizes[i];
    }
    byte[] frame = new byte[total];
    CodedOutputStream out = CodedOutputStream.newInstance(frame);
    try {
      for (int i = 0; i < sizes.length; i++) {
        out.writeUInt32NoTag(sizes[i]);
        replies.get(i).writeTo(out);
      }
      out.checkNoSpaceLeft();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    // Wrapped, not copied: the array is ours and never written again.
    return BufferInternal.buffer(Unpooled.wrappedBuffer(frame));
  }

  @Override
  public Buffer encode(Reply reply) {
    return encode(List.of(reply));
  }

  @Override
  public boolean textFrames() {
    return false;
  }
}
