package io.switchboard.platform.bus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.protos.events.v1.EventEnvelope;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
@DisplayName("Protobuf codec for the event bus")
class ProtobufCodecTest {

  private final ProtobufCodec<EventEnvelope> codec =
      ProtobufCodec.of(EventEnvelope.getDefaultInstance());

  @Test
  @DisplayName("an envelope decoded from its wire form equals the one encoded, every field intact")
  void wireRoundTrip() {
    EventEnvelope sent = Envelopes.conversationOpened();
    assertThat(sent.getAllFields()).hasSize(EventEnvelope.getDescriptor().getFields().size());
    // The clustered bus hands the codec a frame with headers before the body and may reuse it.
    Buffer frame = Buffer.buffer().appendString("frame header");
    int bodyStart = frame.length();
    codec.encodeToWire(frame, sent);
    frame.appendString("trailing bytes");

    assertThat(codec.decodeFromWire(bodyStart, frame)).isEqualTo(sent);
  }

  @Test
  @DisplayName("a frame cut short is refused with a message naming the codec")
  void truncatedFrame() {
    Buffer frame = Buffer.buffer();
    codec.encodeToWire(frame, Envelopes.conversationOpened());
    Buffer truncated = frame.getBuffer(0, frame.length() - 1);

    assertThatThrownBy(() -> codec.decodeFromWire(0, truncated))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("protobuf:switchboard.events.v1.EventEnvelope");
  }

  @Test
  @DisplayName("the codec is named after the message's protobuf full name")
  void name() {
    assertThat(codec.name()).isEqualTo("protobuf:switchboard.events.v1.EventEnvelope");
  }

  @Test
  @DisplayName("a consumer on the same node gets the very envelope that was published")
  void localPublish(Vertx vertx, VertxTestContext context) {
    BusCodecs.register(vertx);
    EventEnvelope sent = Envelopes.conversationOpened();
    vertx
        .eventBus()
        .<EventEnvelope>consumer(
            "platform.test.local",
            message ->
                context.verify(
                    () -> {
                      assertThat(message.body()).isSameAs(sent);
                      context.completeNow();
                    }))
        .completion()
        .onComplete(
            context.succeeding(
                registered -> vertx.eventBus().publish("platform.test.local", sent)));
  }
}
