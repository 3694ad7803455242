package io.switchboard.hub.protocol;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonFactoryBuilder;
import com.fasterxml.jackson.core.JsonGenerator;
import io.switchboard.hub.protocol.JsonMapping.Field;
import io.switchboard.hub.protocol.JsonMapping.Kind;
import io.switchboard.protos.hub.v1.Reply;
import io.vertx.core.buffer.Buffer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Writes replies as Centrifugo-style JSON. It walks each reply's protobuf encoding rather than the
 * message objects: the encoding already leaves out every default value (and keeps a set empty
 * message as a zero-length field, which becomes {@code {}}), strings arrive as UTF-8 to escape in
 * place, and bytes fields are spliced into the output without ever becoming Java objects.
 */
final class JsonReplyWriter {

  /** A typical push with a small chat message fits without the buffer growing. */
  private static final int INITIAL_FRAME_BYTES = 256;

  private static final int WIRE_VARINT = 0;
  private static final int WIRE_FIXED64 = 1;
  private static final int WIRE_LENGTH_DELIMITED = 2;
  private static final int WIRE_FIXED32 = 5;

  private final JsonMapping mapping = JsonMapping.get();
  private final JsonFactory writers = new JsonFactoryBuilder().rootValueSeparator("\n").build();

  Buffer write(List<Reply> replies) {
    Buffer frame = Buffer.buffer(INITIAL_FRAME_BYTES);
    BufferOutput out = new BufferOutput(frame);
    try (JsonGenerator generator = writers.createGenerator(out)) {
      for (Reply reply : replies) {
        byte[] wire = reply.toByteArray();
        writeMessage(generator, out, mapping.reply, new Cursor(wire), wire.length);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return frame;
  }

  private void writeMessage(
      JsonGenerator generator, BufferOutput out, JsonMapping.Message message, Cursor in, int end)
      throws IOException {
    generator.writeStartObject();
    Field open = null; // a repeated field whose array or object is still being written
    while (in.pos < end) {
      int tag = (int) in.varint();
      Field field = message.field(tag >>> 3);
      if (field == null || field.wireType != (tag & 7)) {
        in.skip(tag & 7);
        continue;
      }
      if (open != null && open != field) {
        close(generator, open);
        open = null;
      }
      if (!field.repeated) {
        generator.writeFieldName(field.key);
      } else if (open == null) {
        // The encoder writes a repeated field's elements one after another, so they group here.
        generator.writeFieldName(field.key);
        if (field.kind == Kind.MAP) {
          generator.writeStartObject();
        } else {
          generator.writeStartArray();
        }
        open = field;
      }
      writeValue(generator, out, field, in);
    }
    if (open != null) {
      close(generator, open);
    }
    generator.writeEndObject();
  }

  private void writeValue(JsonGenerator generator, BufferOutput out, Field field, Cursor in)
      throws IOException {
    switch (field.kind) {
      case UINT32:
        generator.writeNumber(in.varint() & 0xFFFF_FFFFL);
        break;
      case INT32:
        generator.writeNumber((int) in.varint());
        break;
      case UINT64:
        long unsigned = in.varint();
        if (unsigned >= 0) {
          generator.writeNumber(unsigned);
        } else {
          generator.writeNumber(Long.toUnsignedString(unsigned));
        }
        break;
      case BOOL:
        generator.writeBoolean(in.varint() != 0);
        break;
      case STRING:
        {
          int length = in.length();
          generator.writeUTF8String(in.bytes, in.pos, length);
          in.pos += length;
          break;
        }
      case BYTES:
        {
          int length = in.length();
          writeRawJson(generator, out, in.bytes, in.pos, length);
          in.pos += length;
          break;
        }
      case MESSAGE:
        {
          int length = in.length();
          writeMessage(generator, out, field.message, in, in.pos + length);
          break;
        }
      case MAP:
        writeMapEntry(generator, out, field, in);
        break;
      default:
        throw new IllegalStateException("unmapped kind " + field.kind);
    }
  }

  /** One map entry as one key of the map's JSON object; a missing value is the default. */
  private void writeMapEntry(JsonGenerator generator, BufferOutput out, Field field, Cursor in)
      throws IOException {
    int end = in.length() + in.pos;
    String key = "";
    int valueStart = -1;
    int valueLength = 0;
    while (in.pos < end) {
      int tag = (int) in.varint();
      int number = tag >>> 3;
      if ((tag & 7) != WIRE_LENGTH_DELIMITED || (number != 1 && number != 2)) {
        in.skip(tag & 7);
        continue;
      }
      int length = in.length();
      if (number == 1) {
        key = new String(in.bytes, in.pos, length, StandardCharsets.UTF_8);
      } else {
        valueStart = in.pos;
        valueLength = length;
      }
      in.pos += length;
    }
    generator.writeFieldName(key);
    if (field.mapValueKind == Kind.MESSAGE) {
      Cursor value = new Cursor(in.bytes);
      value.pos = Math.max(valueStart, 0);
      writeMessage(generator, out, field.message, value, value.pos + valueLength);
    } else {
      generator.writeUTF8String(in.bytes, Math.max(valueStart, 0), valueLength);
    }
  }

  /**
   * Splices JSON the hub produced or validated into the output. The generator writes the comma or
   * colon and is flushed, then the bytes go straight behind them.
   */
  private static void writeRawJson(
      JsonGenerator generator, BufferOutput out, byte[] bytes, int offset, int length)
      throws IOException {
    if (length == 0) {
      generator.writeNull(); // only reachable for a repeated or map value; the schema has none
      return;
    }
    generator.writeRawValue("");
    generator.flush();
    out.write(bytes, offset, length);
  }

  private static void close(JsonGenerator generator, Field field) throws IOException {
    if (field.kind == Kind.MAP) {
      generator.writeEndObject();
    } else {
      generator.writeEndArray();
    }
  }

  /** A read position in one reply's protobuf encoding. */
  private static final class Cursor {
    final byte[] bytes;
    int pos;

    Cursor(byte[] bytes) {
      this.bytes = bytes;
    }

    long varint() {
      long result = 0;
      for (int shift = 0; shift < 64; shift += 7) {
        byte b = bytes[pos++];
        result |= (long) (b & 0x7F) << shift;
        if (b >= 0) {
          return result;
        }
      }
      throw new IllegalStateException("malformed varint in a reply's own encoding");
    }

    int length() {
      return (int) varint();
    }

    void skip(int wireType) {
      switch (wireType) {
        case WIRE_VARINT:
          varint();
          break;
        case WIRE_FIXED64:
          pos += 8;
          break;
        case WIRE_LENGTH_DELIMITED:
          pos += length();
          break;
        case WIRE_FIXED32:
          pos += 4;
          break;
        default:
          throw new IllegalStateException("unexpected wire type " + wireType + " in a reply");
      }
    }
  }

  /** Lets the generator write its chunks straight into the frame's buffer. */
  private static final class BufferOutput extends OutputStream {
    private final Buffer buffer;

    BufferOutput(Buffer buffer) {
      this.buffer = buffer;
    }

    @Override
    public void write(int b) {
      buffer.appendByte((byte) b);
    }

    @Override
    public void write(byte[] bytes, int offset, int length) {
      buffer.appendBytes(bytes, offset, length);
    }
  }
}
