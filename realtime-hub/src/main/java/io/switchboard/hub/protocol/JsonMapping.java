package io.switchboard.hub.protocol;

import com.fasterxml.jackson.core.io.SerializedString;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import io.switchboard.protos.hub.v1.Command;
import io.switchboard.protos.hub.v1.Reply;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;

/**
 * How each protocol message maps to JSON, worked out once from the descriptors so that encoding and
 * decoding look fields up in arrays and maps instead of asking protobuf reflection each time.
 */
final class JsonMapping {

  /** The JSON shapes the protocol uses; anything else in the schema is refused at start-up. */
  enum Kind {
    UINT32,
    INT32,
    UINT64,
    BOOL,
    STRING,
    /** Raw embedded JSON, never base64. */
    BYTES,
    MESSAGE,
    /** A map with string keys, written as a JSON object. */
    MAP
  }

  /** One field: its JSON key (pre-encoded for the writer) and what its value looks like. */
  static final class Field {
    final FieldDescriptor descriptor;
    final SerializedString key;
    final Kind kind;
    final boolean repeated;

    /** Wire type the field arrives with in the protobuf encoding. */
    final int wireType;

    /**
     * The message of a MESSAGE field, or the value message of a MAP with message values. Set once
     * while the mapping is built (messages refer to each other), never after it is shared.
     */
    Message message;

    /** For MAP: the entry's key and value fields, and the kind of the value; else null. */
    final FieldDescriptor mapKey;

    final FieldDescriptor mapValue;
    final Kind mapValueKind;

    Field(FieldDescriptor descriptor) {
      this.descriptor = descriptor;
      this.key = new SerializedString(descriptor.getName());
      if (descriptor.isMapField()) {
        this.kind = Kind.MAP;
        this.repeated = true;
        this.mapKey = descriptor.getMessageType().findFieldByNumber(1);
        this.mapValue = descriptor.getMessageType().findFieldByNumber(2);
        this.mapValueKind = kindOf(mapValue);
        if (kindOf(mapKey) != Kind.STRING
            || (mapValueKind != Kind.STRING && mapValueKind != Kind.MESSAGE)) {
          throw new IllegalStateException("unsupported map field " + descriptor.getFullName());
        }
      } else {
        this.kind = kindOf(descriptor);
        this.repeated = descriptor.isRepeated();
        this.mapKey = null;
        this.mapValue = null;
        this.mapValueKind = null;
        if (repeated && kind != Kind.MESSAGE) {
          // Packed scalars would need another wire path; the protocol has none.
          throw new IllegalStateException("unsupported repeated field " + descriptor.getFullName());
        }
      }
      this.wireType =
          kind == Kind.UINT32 || kind == Kind.INT32 || kind == Kind.UINT64 || kind == Kind.BOOL
              ? 0
              : 2;
    }

    private static Kind kindOf(FieldDescriptor field) {
      switch (field.getType()) {
        case UINT32:
          return Kind.UINT32;
        case INT32:
          return Kind.INT32;
        case UINT64:
          return Kind.UINT64;
        case BOOL:
          return Kind.BOOL;
        case STRING:
          return Kind.STRING;
        case BYTES:
          return Kind.BYTES;
        case MESSAGE:
          return Kind.MESSAGE;
        default:
          throw new IllegalStateException(
              "unsupported field type " + field.getType() + " of " + field.getFullName());
      }
    }
  }

  /** One message: its fields by number (for the wire walk) and by JSON key (for decoding). */
  static final class Message {
    final Descriptor descriptor;
    final Field[] byNumber;
    final Map<String, Field> byKey;

    Message(Descriptor descriptor) {
      this.descriptor = descriptor;
      int maxNumber = 0;
      for (FieldDescriptor field : descriptor.getFields()) {
        maxNumber = Math.max(maxNumber, field.getNumber());
      }
      this.byNumber = new Field[maxNumber + 1];
      Map<String, Field> keys = new HashMap<>();
      for (FieldDescriptor field : descriptor.getFields()) {
        Field mapped = new Field(field);
        byNumber[field.getNumber()] = mapped;
        keys.put(field.getName(), mapped);
      }
      this.byKey = Map.copyOf(keys);
    }

    Field field(int number) {
      return number > 0 && number < byNumber.length ? byNumber[number] : null;
    }
  }

  final Message command;
  final Message reply;

  private JsonMapping() {
    Map<Descriptor, Message> messages = new HashMap<>();
    this.command = resolve(Command.getDescriptor(), messages);
    this.reply = resolve(Reply.getDescriptor(), messages);
  }

  /** The mapping of the hub's client protocol; immutable once built, so it is shared. */
  static JsonMapping get() {
    return Holder.INSTANCE;
  }

  private static final class Holder {
    static final JsonMapping INSTANCE = new JsonMapping();
  }

  private static Message resolve(Descriptor root, Map<Descriptor, Message> messages) {
    Deque<Message> pending = new ArrayDeque<>();
    Message rootMessage = messages.computeIfAbsent(root, Message::new);
    pending.add(rootMessage);
    while (!pending.isEmpty()) {
      for (Field field : pending.poll().byNumber) {
        if (field == null) {
          continue;
        }
        Descriptor target = null;
        if (field.kind == Kind.MESSAGE) {
          target = field.descriptor.getMessageType();
        } else if (field.kind == Kind.MAP && field.mapValueKind == Kind.MESSAGE) {
          target = field.mapValue.getMessageType();
        }
        if (target != null) {
          Message known = messages.get(target);
          if (known == null) {
            known = new Message(target);
            messages.put(target, known);
            pending.add(known);
          }
          field.message = known;
        }
      }
    }
    return rootMessage;
  }
}
