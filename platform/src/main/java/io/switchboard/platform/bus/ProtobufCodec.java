package io.switchboard.platform.bus;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.Parser;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.MessageCodec;

/** Carries one protobuf message type over the event bus in its own binary encoding. */
public final class ProtobufCodec<T extends Message> implements MessageCodec<T, T> {

  /** Prefix of every codec name, so bus tooling can tell protobuf bodies from other user codecs. */
  private static final String NAME_PREFIX = "protobuf:";

  /** Tells Vert.x this is a user codec, looked up by {@link #name()} on the receiving node. */
  private static final byte USER_CODEC = -1;

  private final String name;
  private final Parser<T> parser;

  private ProtobufCodec(String name, Parser<T> parser) {
    this.name = name;
    this.parser = parser;
  }

  /**
   * A codec for the type of {@code defaultInstance}, named after its protobuf full name (for
   * example {@code protobuf:switchboard.events.v1.EventEnvelope}) so every node agrees on the name
   * without sharing Java class names.
   */
  public static <T extends Message> ProtobufCodec<T> of(T defaultInstance) {
    // A message's parser always produces its own type; protobuf's API just cannot say so.
    @SuppressWarnings("unchecked")
    Parser<T> parser = (Parser<T>) defaultInstance.getParserForType();
    return new ProtobufCodec<>(
        NAME_PREFIX + defaultInstance.getDescriptorForType().getFullName(), parser);
  }

  /**
   * Appends the message's length, then its bytes: the clustered bus hands the decoder a buffer that
   * may hold more than this body, so the body has to say where it ends.
   */
  @Override
  public void encodeToWire(Buffer buffer, T message) {
    byte[] bytes = message.toByteArray();
    buffer.appendInt(bytes.length);
    buffer.appendBytes(bytes);
  }

  @Override
  public T decodeFromWire(int pos, Buffer buffer) {
    int length = buffer.getInt(pos);
    int start = pos + Integer.BYTES;
    if (length < 0 || length > buffer.length() - start) {
      throw new IllegalArgumentException(
          name
              + " body claims "
              + length
              + " bytes but the frame has "
              + (buffer.length() - start)
              + " after its length prefix");
    }
    try {
      return parser.parseFrom(buffer.getBytes(start, start + length));
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalArgumentException(name + " body is not a valid message", e);
    }
  }

  /**
   * Protobuf messages are immutable, so a local consumer can safely share the sender's instance.
   */
  @Override
  public T transform(T message) {
    return message;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public byte systemCodecID() {
    return USER_CODEC;
  }
}
