package io.switchboard.hub.fanout;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.switchboard.hub.protocol.CodecLimits;
import io.switchboard.hub.protocol.FrameCodec;
import io.switchboard.hub.protocol.FrameFormat;
import io.switchboard.protos.hub.v1.Publication;
import io.switchboard.protos.hub.v1.Push;
import io.switchboard.protos.hub.v1.Reply;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

@DisplayName("A push encoded once for all its subscribers")
class EncodedPushTest {

  @ParameterizedTest
  @EnumSource(FrameFormat.class)
  @DisplayName(
      "every write gets its own view of one direct buffer holding the whole frame: reading or"
          + " releasing one write's view leaves the next write the whole frame")
  void oneBufferManyWrites(FrameFormat format) {
    FrameCodec codec = FrameCodec.of(format, CodecLimits.DEFAULTS);
    Push proto =
        Push.newBuilder()
            .setChannel("conversation:c")
            .setPub(
                Publication.newBuilder()
                    .setOffset(9)
                    .setData(com.google.protobuf.ByteString.copyFromUtf8("{\"text\":\"hi\"}")))
            .build();
    byte[] expected =
        WholeFrames.message(
            codec.textFrames(), codec.encode(Reply.newBuilder().setPush(proto).build()).getBytes());
    EncodedPush push = new EncodedPush(proto);

    ByteBuf first = push.frame(codec);
    ByteBuf second = push.frame(codec);
    assertThat(first.isDirect()).as("sent from where it lies, not copied per socket").isTrue();
    assertThat(first.hasMemoryAddress()).isTrue();
    assertThat(second.memoryAddress()).isEqualTo(first.memoryAddress());

    // A socket's write consumes its view and releases it.
    assertThat(ByteBufUtil.getBytes(first)).isEqualTo(expected);
    first.skipBytes(first.readableBytes());
    assertThat(first.release()).as("the shared frame outlives each write").isFalse();
    assertThat(ByteBufUtil.getBytes(second)).isEqualTo(expected);
    assertThat(second.release()).isFalse();

    ByteBuf later = push.frame(codec);
    assertThat(ByteBufUtil.getBytes(later)).isEqualTo(expected);
    later.release();
  }
}
