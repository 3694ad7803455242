package io.switchboard.crud.grpc;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.ListValue;
import com.google.protobuf.Message;
import com.google.protobuf.NullValue;
import com.google.protobuf.Struct;
import com.google.protobuf.Timestamp;
import com.google.protobuf.Value;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Converts between the messages of {@code switchboard.crud.v1} and the JSON of the REST API, whose
 * field names they share: a request becomes the JSON body REST would receive, so both fronts run
 * the same input checks, and the JSON REST would answer becomes the reply.
 *
 * <p>Proto3 has no null, so a request field counts as sent when it has presence and is set ({@code
 * optional} fields, messages; an empty string then sends null, to clear), or when it has no
 * presence and differs from its default. A repeated field is sent when it is not empty, or when the
 * bool field {@code set_<name>} is true, which sends an empty list.
 */
final class ProtoJson {

  /** Prefix of the bool fields that say a repeated field of the same name was sent. */
  private static final String SET_PREFIX = "set_";

  /** Largest integer a JSON number in a {@link Struct} (a double) holds exactly. */
  private static final double MAX_EXACT_INTEGER = 9_007_199_254_740_992d;

  private ProtoJson() {}

  /** The fields {@code message} sends, as REST input. */
  static JsonObject toJson(Message message) {
    Descriptor type = message.getDescriptorForType();
    JsonObject json = new JsonObject();
    for (FieldDescriptor field : type.getFields()) {
      if (isSetFlag(type, field)) {
        continue;
      }
      if (field.isRepeated()) {
        if (message.getRepeatedFieldCount(field) > 0 || setFlag(message, field)) {
          JsonArray items = new JsonArray();
          ((List<?>) message.getField(field)).forEach(item -> items.add(jsonValue(item)));
          json.put(field.getName(), items);
        }
      } else if (field.hasPresence()) {
        if (message.hasField(field)) {
          Object value = jsonValue(message.getField(field));
          json.put(field.getName(), "".equals(value) ? null : value);
        }
      } else if (!message.getField(field).equals(field.getDefaultValue())) {
        json.put(field.getName(), jsonValue(message.getField(field)));
      }
    }
    return json;
  }

  /**
   * {@code json}, as REST answers it, in a message of the type of {@code prototype}; keys the
   * message lacks are left out, and a field is also found by its JSON name ({@code startMs}).
   */
  @SuppressWarnings("unchecked")
  static <M extends Message> M fromJson(JsonObject json, M prototype) {
    return (M) fill(json, prototype.newBuilderForType()).build();
  }

  private static Message.Builder fill(JsonObject json, Message.Builder builder) {
    Descriptor type = builder.getDescriptorForType();
    for (Map.Entry<String, Object> entry : json) {
      FieldDescriptor field = field(type, entry.getKey());
      if (field == null || entry.getValue() == null) {
        continue;
      }
      if (field.isRepeated()) {
        for (Object item : (JsonArray) entry.getValue()) {
          builder.addRepeatedField(field, protoValue(builder, field, item));
        }
      } else {
        builder.setField(field, protoValue(builder, field, entry.getValue()));
      }
    }
    return builder;
  }

  private static FieldDescriptor field(Descriptor type, String key) {
    FieldDescriptor byName = type.findFieldByName(key);
    if (byName != null) {
      return byName;
    }
    return type.getFields().stream()
        .filter(f -> f.getJsonName().equals(key))
        .findFirst()
        .orElse(null);
  }

  private static Object protoValue(Message.Builder builder, FieldDescriptor field, Object value) {
    switch (field.getJavaType()) {
      case STRING:
        return value.toString();
      case LONG:
        return ((Number) value).longValue();
      case INT:
        return ((Number) value).intValue();
      case DOUBLE:
        return ((Number) value).doubleValue();
      case BOOLEAN:
        return value;
      case MESSAGE:
        return message(builder.newBuilderForField(field), value);
      default:
        throw new IllegalArgumentException("no JSON mapping for field " + field.getFullName());
    }
  }

  private static Message message(Message.Builder builder, Object value) {
    Descriptor type = builder.getDescriptorForType();
    if (type.equals(Timestamp.getDescriptor())) {
      Instant at = Instant.parse((String) value);
      return Timestamp.newBuilder().setSeconds(at.getEpochSecond()).setNanos(at.getNano()).build();
    }
    if (type.equals(Struct.getDescriptor())) {
      return struct((JsonObject) value);
    }
    return fill((JsonObject) value, builder).build();
  }

  private static Object jsonValue(Object value) {
    if (value instanceof Timestamp at) {
      return Instant.ofEpochSecond(at.getSeconds(), at.getNanos()).toString();
    }
    if (value instanceof Struct struct) {
      return json(struct);
    }
    if (value instanceof Message nested) {
      return toJson(nested);
    }
    return value;
  }

  /** A {@code set_<name>} flag of a repeated field, which says something of it, not itself. */
  private static boolean isSetFlag(Descriptor type, FieldDescriptor field) {
    if (field.getJavaType() != FieldDescriptor.JavaType.BOOLEAN
        || !field.getName().startsWith(SET_PREFIX)) {
      return false;
    }
    FieldDescriptor target = type.findFieldByName(field.getName().substring(SET_PREFIX.length()));
    return target != null && target.isRepeated();
  }

  private static boolean setFlag(Message message, FieldDescriptor repeated) {
    FieldDescriptor flag =
        message.getDescriptorForType().findFieldByName(SET_PREFIX + repeated.getName());
    return flag != null && Boolean.TRUE.equals(message.getField(flag));
  }

  private static Struct struct(JsonObject json) {
    Struct.Builder struct = Struct.newBuilder();
    json.forEach(entry -> struct.putFields(entry.getKey(), value(entry.getValue())));
    return struct.build();
  }

  private static Value value(Object json) {
    if (json instanceof JsonObject object) {
      return Value.newBuilder().setStructValue(struct(object)).build();
    } else if (json instanceof JsonArray array) {
      ListValue.Builder list = ListValue.newBuilder();
      array.forEach(item -> list.addValues(value(item)));
      return Value.newBuilder().setListValue(list).build();
    } else if (json instanceof Boolean flag) {
      return Value.newBuilder().setBoolValue(flag).build();
    } else if (json instanceof Number number) {
      return Value.newBuilder().setNumberValue(number.doubleValue()).build();
    } else if (json instanceof String text) {
      return Value.newBuilder().setStringValue(text).build();
    }
    return Value.newBuilder().setNullValue(NullValue.NULL_VALUE).build();
  }

  private static JsonObject json(Struct struct) {
    JsonObject json = new JsonObject();
    struct.getFieldsMap().forEach((key, value) -> json.put(key, json(value)));
    return json;
  }

  private static Object json(Value value) {
    switch (value.getKindCase()) {
      case STRUCT_VALUE:
        return json(value.getStructValue());
      case LIST_VALUE:
        JsonArray array = new JsonArray();
        value.getListValue().getValuesList().forEach(item -> array.add(json(item)));
        return array;
      case BOOL_VALUE:
        return value.getBoolValue();
      case STRING_VALUE:
        return value.getStringValue();
      case NUMBER_VALUE:
        double number = value.getNumberValue();
        // JSON has one number type; whole numbers go back as they came, without ".0".
        return number == Math.rint(number) && Math.abs(number) <= MAX_EXACT_INTEGER
            ? (Object) (long) number
            : (Object) number;
      default:
        return null;
    }
  }
}
