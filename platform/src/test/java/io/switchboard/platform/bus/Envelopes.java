package io.switchboard.platform.bus;

import com.google.protobuf.ByteString;
import com.google.protobuf.Timestamp;
import io.switchboard.protos.events.v1.EventEnvelope;
import java.nio.charset.StandardCharsets;

/** Event envelopes with every field set, so comparing one after transport checks every field. */
public final class Envelopes {

  private Envelopes() {}

  public static EventEnvelope conversationOpened() {
    return EventEnvelope.newBuilder()
        .setEventId("0b7f3c2e-6a4d-4d8e-9a51-3c1f2b9e7d10")
        .setTenantId("tenant-acme")
        .setType("conversation.opened")
        .setOccurredAt(Timestamp.newBuilder().setSeconds(1_767_225_600L).setNanos(123_456_789))
        .setActor("user-42")
        .setSubjectId("conversation-7")
        .setPayload(
            ByteString.copyFrom(
                "{\"channel\":\"support\",\"text\":\"h\u00e9llo \ud83d\udc4b\"}",
                StandardCharsets.UTF_8))
        .build();
  }
}
