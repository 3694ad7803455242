package io.switchboard.hub.protocol;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonFactoryBuilder;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.google.protobuf.ByteString;
import com.google.protobuf.Message;
import io.switchboard.hub.protocol.JsonMapping.Field;
import io.switchboard.hub.protocol.JsonMapping.Kind;
import io.switchboard.protos.hub.v1.Command;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads Centrifugo-style JSON commands: snake_case keys, bytes fields as embedded JSON, unknown
 * keys ignored so newer SDKs keep working.
 */
final class JsonCommandReader {

  private static final long MAX_UINT32 = 0xFFFF_FFFFL;
  private static final BigInteger MAX_UINT64 =
      BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);

  private final JsonMapping mapping = JsonMapping.get();
  private final CodecLimits limits;
  private final JsonFactory parsers;
  // Emoji stay four UTF-8 bytes, as the client sent them, not a pair of escaped surrogates.
  private final JsonFactory rawWriters =
      new JsonFactoryBuilder().enable(JsonWriteFeature.COMBINE_UNICODE_SURROGATES_IN_UTF8).build();

  JsonCommandReader(CodecLimits limits) {
    this.limits = limits;
    // Jackson enforces the depth while tokenizing, before any of it is copied or built.
    this.parsers =
        JsonFactory.builder()
            .streamReadConstraints(
                StreamReadConstraints.builder().maxNestingDepth(limits.maxJsonDepth()).build())
            .build();
  }

  List<Command> read(byte[] frame) {
    List<Command> commands = new ArrayList<>(1);
    try (JsonParser parser = parsers.createParser(frame)) {
      JsonToken token;
      // Jackson reads consecutive root values separated by any whitespace: "\n", "\r\n", trailing.
      while ((token = parser.nextToken()) != null) {
        if (commands.size() == limits.maxCommandsPerFrame()) {
          throw new BadFrameException(
              "frame holds more than " + limits.maxCommandsPerFrame() + " commands");
        }
        if (token != JsonToken.START_OBJECT) {
          throw new BadFrameException(
              "command " + (commands.size() + 1) + " is " + describe(token) + ", not an object");
        }
        Command.Builder command = Command.newBuilder();
        readObject(parser, mapping.command, command, "");
        commands.add(command.build());
      }
    } catch (StreamConstraintsException e) {
      String reason = e.getOriginalMessage();
      if (reason != null && reason.contains("nesting depth")) {
        throw new BadFrameException(
            "JSON nested deeper than the limit of " + limits.maxJsonDepth() + " levels");
      }
      throw new BadFrameException("JSON exceeds a limit: " + reason);
    } catch (JsonProcessingException e) {
      throw new BadFrameException(
          "invalid JSON at line "
              + e.getLocation().getLineNr()
              + ", column "
              + e.getLocation().getColumnNr()
              + ": "
              + e.getOriginalMessage());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return commands;
  }

  /** Reads the object whose START_OBJECT is the current token into the builder. */
  private void readObject(
      JsonParser parser, JsonMapping.Message message, Message.Builder builder, String path)
      throws IOException {
    while (parser.nextToken() == JsonToken.FIELD_NAME) {
      String key = parser.currentName();
      JsonToken value = parser.nextToken();
      Field field = message.byKey.get(key);
      if (field == null) {
        parser.skipChildren();
        continue;
      }
      if (value == JsonToken.VALUE_NULL) {
        continue; // as the Go server does: null leaves the field at its default
      }
      String fieldPath = path.isEmpty() ? key : path + "." + key;
      if (field.kind == Kind.MAP) {
        readMap(parser, field, builder, fieldPath);
      } else if (field.repeated) {
        expect(parser, JsonToken.START_ARRAY, fieldPath, "an array");
        while (parser.nextToken() != JsonToken.END_ARRAY) {
          builder.addRepeatedField(
              field.descriptor, readMessage(parser, field, builder, fieldPath));
        }
      } else if (field.kind == Kind.MESSAGE) {
        builder.setField(field.descriptor, readMessage(parser, field, builder, fieldPath));
      } else {
        builder.setField(field.descriptor, readScalar(parser, field.kind, fieldPath));
      }
    }
  }

  private Message readMessage(JsonParser parser, Field field, Message.Builder parent, String path)
      throws IOException {
    expect(parser, JsonToken.START_OBJECT, path, "an object");
    Message.Builder child = parent.newBuilderForField(field.descriptor);
    readObject(parser, field.message, child, path);
    return child.build();
  }

  private void readMap(JsonParser parser, Field field, Message.Builder builder, String path)
      throws IOException {
    expect(parser, JsonToken.START_OBJECT, path, "an object");
    while (parser.nextToken() == JsonToken.FIELD_NAME) {
      String key = parser.currentName();
      String entryPath = path + "." + key;
      Message.Builder entry = builder.newBuilderForField(field.descriptor);
      entry.setField(field.mapKey, key);
      parser.nextToken();
      if (field.mapValueKind == Kind.MESSAGE) {
        expect(parser, JsonToken.START_OBJECT, entryPath, "an object");
        Message.Builder value = entry.newBuilderForField(field.mapValue);
        readObject(parser, field.message, value, entryPath);
        entry.setField(field.mapValue, value.build());
      } else {
        entry.setField(field.mapValue, readScalar(parser, field.mapValueKind, entryPath));
      }
      builder.addRepeatedField(field.descriptor, entry.build());
    }
  }

  private Object readScalar(JsonParser parser, Kind kind, String path) throws IOException {
    switch (kind) {
      case STRING:
        expect(parser, JsonToken.VALUE_STRING, path, "a string");
        return parser.getText();
      case BOOL:
        JsonToken token = parser.currentToken();
        if (token != JsonToken.VALUE_TRUE && token != JsonToken.VALUE_FALSE) {
          throw wrongType(path, "a boolean", token);
        }
        return token == JsonToken.VALUE_TRUE;
      case UINT32:
        {
          long value = integer(parser, path, "an unsigned 32-bit integer");
          if (value < 0 || value > MAX_UINT32) {
            throw outOfRange(path, "an unsigned 32-bit integer");
          }
          return (int) value;
        }
      case INT32:
        {
          long value = integer(parser, path, "a 32-bit integer");
          if (value < Integer.MIN_VALUE || value > Integer.MAX_VALUE) {
            throw outOfRange(path, "a 32-bit integer");
          }
          return (int) value;
        }
      case UINT64:
        {
          expect(parser, JsonToken.VALUE_NUMBER_INT, path, "an unsigned 64-bit integer");
          BigInteger value = parser.getBigIntegerValue();
          if (value.signum() < 0 || value.compareTo(MAX_UINT64) > 0) {
            throw outOfRange(path, "an unsigned 64-bit integer");
          }
          return value.longValue();
        }
      case BYTES:
        return rawJson(parser);
      default:
        throw new IllegalStateException("not a scalar: " + kind);
    }
  }

  /** The current JSON value, whatever its type, as compact JSON text. */
  private ByteString rawJson(JsonParser parser) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream(64);
    try (JsonGenerator generator = rawWriters.createGenerator(out)) {
      int depth = 0;
      do {
        JsonToken token = parser.currentToken();
        switch (token) {
          case START_OBJECT:
            generator.writeStartObject();
            depth++;
            break;
          case START_ARRAY:
            generator.writeStartArray();
            depth++;
            break;
          case END_OBJECT:
            generator.writeEndObject();
            depth--;
            break;
          case END_ARRAY:
            generator.writeEndArray();
            depth--;
            break;
          case FIELD_NAME:
            generator.writeFieldName(parser.currentName());
            break;
          case VALUE_STRING:
            generator.writeString(
                parser.getTextCharacters(), parser.getTextOffset(), parser.getTextLength());
            break;
          case VALUE_NUMBER_INT:
          case VALUE_NUMBER_FLOAT:
            // The number's own text, so that no precision is lost or added on the way through.
            generator.writeNumber(parser.getText());
            break;
          case VALUE_TRUE:
            generator.writeBoolean(true);
            break;
          case VALUE_FALSE:
            generator.writeBoolean(false);
            break;
          case VALUE_NULL:
            generator.writeNull();
            break;
          default:
            throw new BadFrameException("unexpected JSON token " + token);
        }
      } while (depth > 0 && parser.nextToken() != null);
    }
    return ByteString.copyFrom(out.toByteArray());
  }

  private static long integer(JsonParser parser, String path, String expected) throws IOException {
    expect(parser, JsonToken.VALUE_NUMBER_INT, path, expected);
    if (parser.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
      throw outOfRange(path, expected);
    }
    return parser.getLongValue();
  }

  private static void expect(JsonParser parser, JsonToken wanted, String path, String expected) {
    if (parser.currentToken() != wanted) {
      throw wrongType(path, expected, parser.currentToken());
    }
  }

  private static BadFrameException wrongType(String path, String expected, JsonToken got) {
    return new BadFrameException(
        "field \"" + path + "\" must be " + expected + ", got " + describe(got));
  }

  private static BadFrameException outOfRange(String path, String expected) {
    return new BadFrameException("field \"" + path + "\" is out of range for " + expected);
  }

  private static String describe(JsonToken token) {
    if (token == null) {
      return "the end of the frame";
    }
    switch (token) {
      case START_OBJECT:
        return "an object";
      case START_ARRAY:
        return "an array";
      case VALUE_STRING:
        return "a string";
      case VALUE_NUMBER_INT:
      case VALUE_NUMBER_FLOAT:
        return "a number";
      case VALUE_TRUE:
      case VALUE_FALSE:
        return "a boolean";
      case VALUE_NULL:
        return "null";
      default:
        return token.asString() == null ? token.name() : token.asString();
    }
  }
}
