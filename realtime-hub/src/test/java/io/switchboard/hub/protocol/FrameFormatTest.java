package io.switchboard.hub.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Frame format chosen at the WebSocket handshake")
class FrameFormatTest {

  @Test
  @DisplayName("an SDK offering centrifuge-protobuf gets Protobuf frames")
  void protobufSubProtocol() {
    assertThat(FrameFormat.of(List.of("centrifuge-protobuf"), null))
        .isEqualTo(FrameFormat.PROTOBUF);
    assertThat(FrameFormat.of(List.of("other", " centrifuge-protobuf"), null))
        .isEqualTo(FrameFormat.PROTOBUF);
    assertThat(FrameFormat.PROTOBUF.subProtocol()).isEqualTo("centrifuge-protobuf");
  }

  @Test
  @DisplayName("format=protobuf in the query also picks Protobuf")
  void protobufQuery() {
    assertThat(FrameFormat.of(List.of(), "protobuf")).isEqualTo(FrameFormat.PROTOBUF);
  }

  @Test
  @DisplayName("anything else speaks JSON and accepts no sub-protocol")
  void json() {
    assertThat(FrameFormat.of(List.of(), null)).isEqualTo(FrameFormat.JSON);
    assertThat(FrameFormat.of(List.of("centrifuge-json"), "json")).isEqualTo(FrameFormat.JSON);
    assertThat(FrameFormat.JSON.subProtocol()).isNull();
  }

  @Test
  @DisplayName("each format gets its own codec and frame type")
  void codecs() {
    assertThat(FrameCodec.of(FrameFormat.JSON, CodecLimits.DEFAULTS).format())
        .isEqualTo(FrameFormat.JSON);
    assertThat(FrameCodec.of(FrameFormat.PROTOBUF, CodecLimits.DEFAULTS).format())
        .isEqualTo(FrameFormat.PROTOBUF);
  }
}
