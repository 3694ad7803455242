package io.switchboard.hub.fanout;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.ContinuationWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocket13FrameDecoder;
import io.netty.handler.codec.http.websocketx.WebSocketDecoderConfig;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@DisplayName("Whole WebSocket frames as the server writes them")
class WholeFramesTest {

  @ParameterizedTest
  @ValueSource(ints = {0, 1, 125, 126, 127, 65_535, 65_536, 65_537, 131_072, 200_001})
  @DisplayName(
      "Netty's decoder reads every payload length back: one frame up to 64 KiB, then a first"
          + " frame and continuations of at most 64 KiB, the last one final")
  void readBack(int length) {
    byte[] payload = new byte[length];
    new Random(length).nextBytes(payload);
    for (boolean text : new boolean[] {true, false}) {
      byte[] frames = WholeFrames.message(text, payload);
      List<WebSocketFrame> read = decode(frames);

      int expected = Math.max(1, (length + 65_535) / 65_536);
      assertThat(read).hasSize(expected);
      assertThat(read.get(0))
          .isInstanceOf(text ? TextWebSocketFrame.class : BinaryWebSocketFrame.class);
      byte[] joined = new byte[0];
      for (int i = 0; i < read.size(); i++) {
        WebSocketFrame frame = read.get(i);
        if (i > 0) {
          assertThat(frame).isInstanceOf(ContinuationWebSocketFrame.class);
        }
        assertThat(frame.isFinalFragment()).isEqualTo(i == read.size() - 1);
        assertThat(frame.content().readableBytes()).isLessThanOrEqualTo(65_536);
        byte[] part = ByteBufUtil.getBytes(frame.content());
        byte[] grown = new byte[joined.length + part.length];
        System.arraycopy(joined, 0, grown, 0, joined.length);
        System.arraycopy(part, 0, grown, joined.length, part.length);
        joined = grown;
        frame.release();
      }
      assertThat(joined).isEqualTo(payload);
    }
  }

  private static List<WebSocketFrame> decode(byte[] frames) {
    // A client's view: frames from the server are not masked.
    EmbeddedChannel client =
        new EmbeddedChannel(
            new WebSocket13FrameDecoder(
                WebSocketDecoderConfig.newBuilder()
                    .expectMaskedFrames(false)
                    .maxFramePayloadLength(65_536)
                    .build()));
    ByteBuf in = Unpooled.wrappedBuffer(frames);
    assertThat(client.writeInbound(in)).isTrue();
    List<WebSocketFrame> read = new ArrayList<>();
    for (Object frame; (frame = client.readInbound()) != null; ) {
      read.add((WebSocketFrame) frame);
    }
    assertThat(client.finish()).isFalse();
    return read;
  }
}
