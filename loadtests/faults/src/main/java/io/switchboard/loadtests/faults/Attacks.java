package io.switchboard.loadtests.faults;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.Supplier;

/**
 * The hostile inputs the suite throws at {@code /ws}, one connection each: random and mutated
 * frames, broken fragmentation, invalid UTF-8, oversized data and control frames, bad close frames,
 * and floods of commands.
 */
final class Attacks {

  /** One attack on a freshly upgraded socket. */
  interface Attack {
    String name();

    void run(RawSocket socket, Random random, Supplier<String> token) throws IOException;
  }

  private static final int OVERSIZED_BYTES = 70 * 1024;
  private static final int FLOOD_COMMANDS = 3_000;
  private static final int UNREAD_COMMANDS = 40_000;
  private static final int COMMANDS_IN_ONE_FRAME = 500;
  private static final int DEEP_JSON = 100;
  private static final int CONNECT_REPLY_MS = 10_000;
  private static final String SUBSCRIBE =
      "{\"id\":2,\"subscribe\":{\"channel\":\"conversation:00000000-0000-0000-0000-000000000000\"}}";

  private Attacks() {}

  static List<Attack> all() {
    return List.of(
        attack("random text frame", (s, r, t) -> s.frame(true, 0, RawSocket.TEXT, bytes(r), true)),
        attack(
            "random binary frame", (s, r, t) -> s.frame(true, 0, RawSocket.BINARY, bytes(r), true)),
        attack("random bytes instead of frames", (s, r, t) -> s.raw(bytes(r))),
        attack(
            "invalid UTF-8 after connect",
            (s, r, t) -> {
              connect(s, t);
              s.frame(
                  true,
                  0,
                  RawSocket.TEXT,
                  concat(
                      "{\"id\":2,\"rpc\":{\"method\":\"".getBytes(StandardCharsets.UTF_8),
                      new byte[] {(byte) 0xc3, 0x28, (byte) 0xff, (byte) 0xfe},
                      "\"}}".getBytes(StandardCharsets.UTF_8)),
                  true);
            }),
        attack(
            "connect and a random frame back to back",
            (s, r, t) -> {
              // As a client that pipelines: the second frame arrives before connect is answered.
              sendConnect(s, t);
              s.frame(true, 0, RawSocket.TEXT, bytes(r), true);
            }),
        attack(
            "mutated connect",
            (s, r, t) ->
                s.frame(true, 0, RawSocket.TEXT, mutate(r, connectCommand(t.get())), true)),
        attack(
            "mutated command after connect",
            (s, r, t) -> {
              connect(s, t);
              s.frame(
                  true,
                  0,
                  RawSocket.TEXT,
                  mutate(r, SUBSCRIBE.getBytes(StandardCharsets.UTF_8)),
                  true);
            }),
        attack(
            "connect in 3 fragments (valid)",
            (s, r, t) -> {
              byte[] command = connectCommand(t.get());
              int third = command.length / 3;
              s.frame(false, 0, RawSocket.TEXT, Arrays.copyOfRange(command, 0, third), true);
              s.frame(
                  false,
                  0,
                  RawSocket.CONTINUATION,
                  Arrays.copyOfRange(command, third, 2 * third),
                  true);
              s.frame(
                  true,
                  0,
                  RawSocket.CONTINUATION,
                  Arrays.copyOfRange(command, 2 * third, command.length),
                  true);
            }),
        attack(
            "ping between fragments (valid)",
            (s, r, t) -> {
              byte[] command = connectCommand(t.get());
              int half = command.length / 2;
              s.frame(false, 0, RawSocket.TEXT, Arrays.copyOfRange(command, 0, half), true);
              s.frame(true, 0, RawSocket.PING, "x".getBytes(StandardCharsets.UTF_8), true);
              s.frame(
                  true,
                  0,
                  RawSocket.CONTINUATION,
                  Arrays.copyOfRange(command, half, command.length),
                  true);
            }),
        attack(
            "continuation without a start",
            (s, r, t) -> s.frame(true, 0, RawSocket.CONTINUATION, bytes(r), true)),
        attack(
            "new message inside a fragmented one",
            (s, r, t) -> {
              s.frame(
                  false, 0, RawSocket.TEXT, "{\"id\":1,".getBytes(StandardCharsets.UTF_8), true);
              s.frame(true, 0, RawSocket.TEXT, "{}".getBytes(StandardCharsets.UTF_8), true);
            }),
        attack(
            "oversized text frame (70 KiB) after connect",
            (s, r, t) -> {
              connect(s, t);
              byte[] big = new byte[OVERSIZED_BYTES];
              Arrays.fill(big, (byte) 'a');
              s.frame(true, 0, RawSocket.TEXT, big, true);
            }),
        attack(
            "oversized message in 1 KiB fragments",
            (s, r, t) -> {
              connect(s, t);
              byte[] kib = new byte[1024];
              Arrays.fill(kib, (byte) ' ');
              s.frame(false, 0, RawSocket.TEXT, kib, true);
              for (int i = 0; i < OVERSIZED_BYTES / 1024; i++) {
                s.frame(false, 0, RawSocket.CONTINUATION, kib, true);
              }
              s.frame(true, 0, RawSocket.CONTINUATION, kib, true);
            }),
        attack(
            "frame declaring 2^62 bytes",
            (s, r, t) -> {
              s.frameHeader(true, 0, RawSocket.BINARY, 1L << 62, true);
              s.raw(new byte[] {1, 2, 3, 4, 5, 6, 7, 8});
            }),
        attack(
            "ping of 126 bytes",
            (s, r, t) -> s.frame(true, 0, RawSocket.PING, new byte[126], true)),
        attack(
            "fragmented ping", (s, r, t) -> s.frame(false, 0, RawSocket.PING, new byte[4], true)),
        attack(
            "close frame of 1 byte",
            (s, r, t) -> s.frame(true, 0, RawSocket.CLOSE, new byte[] {3}, true)),
        attack(
            "close with code 999",
            (s, r, t) -> s.frame(true, 0, RawSocket.CLOSE, close(999, ""), true)),
        attack(
            "close with invalid UTF-8 reason",
            (s, r, t) ->
                s.frame(
                    true,
                    0,
                    RawSocket.CLOSE,
                    concat(close(1000, ""), new byte[] {(byte) 0xc3, 0x28}),
                    true)),
        attack(
            "close with 123-byte reason (valid)",
            (s, r, t) -> s.frame(true, 0, RawSocket.CLOSE, close(1000, "r".repeat(123)), true)),
        attack(
            "close of 200 bytes",
            (s, r, t) -> s.frame(true, 0, RawSocket.CLOSE, close(1000, "r".repeat(198)), true)),
        attack("reserved opcode 3", (s, r, t) -> s.frame(true, 0, 3, bytes(r), true)),
        attack(
            "RSV1 bit without an extension",
            (s, r, t) -> s.frame(true, 4, RawSocket.TEXT, connectCommand(t.get()), true)),
        attack(
            "unmasked client frame",
            (s, r, t) -> s.frame(true, 0, RawSocket.TEXT, connectCommand(t.get()), false)),
        attack(
            "3,000 commands, replies read",
            (s, r, t) -> {
              connect(s, t);
              for (int i = 0; i < FLOOD_COMMANDS; i++) {
                s.text(floodCommand(i + 2));
              }
            }),
        attack(
            "40,000 commands, replies never read",
            (s, r, t) -> {
              connect(s, t);
              for (int i = 0; i < UNREAD_COMMANDS; i++) {
                s.text(floodCommand(i + 2));
              }
            }),
        attack(
            "500 commands in one frame",
            (s, r, t) -> {
              connect(s, t);
              StringBuilder frame = new StringBuilder();
              for (int i = 0; i < COMMANDS_IN_ONE_FRAME; i++) {
                frame.append(floodCommand(i + 2)).append('\n');
              }
              s.text(frame.toString());
            }),
        attack(
            "JSON nested 100 deep",
            (s, r, t) -> {
              connect(s, t);
              s.text(
                  "{\"id\":2,\"rpc\":{\"method\":\"send\",\"data\":"
                      + "[".repeat(DEEP_JSON)
                      + "]".repeat(DEEP_JSON)
                      + "}}");
            }));
  }

  private static Attack attack(String name, Step step) {
    return new Attack() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public void run(RawSocket socket, Random random, Supplier<String> token) throws IOException {
        step.run(socket, random, token);
      }
    };
  }

  private interface Step {
    void run(RawSocket socket, Random random, Supplier<String> token) throws IOException;
  }

  /** Sends {@code connect} and waits for its reply, as the SDKs do before any other command. */
  static void connect(RawSocket socket, Supplier<String> token) throws IOException {
    sendConnect(socket, token);
    socket.awaitReply(CONNECT_REPLY_MS);
  }

  static void sendConnect(RawSocket socket, Supplier<String> token) throws IOException {
    socket.frame(true, 0, RawSocket.TEXT, connectCommand(token.get()), true);
  }

  static byte[] connectCommand(String token) {
    return ("{\"id\":1,\"connect\":{\"token\":\"" + token + "\"}}")
        .getBytes(StandardCharsets.UTF_8);
  }

  /** Commands a hostile client may send but that only earn errors: unknown, forbidden, absent. */
  private static String floodCommand(int id) {
    return switch (id % 3) {
      case 0 -> "{\"id\":" + id + ",\"history\":{\"channel\":\"user:someone-else\"}}";
      case 1 -> "{\"id\":" + id + ",\"rpc\":{\"method\":\"no-such-method\",\"data\":{}}}";
      default -> "{\"id\":" + id + ",\"presence\":{\"channel\":\"inbox:not-a-uuid\"}}";
    };
  }

  private static byte[] bytes(Random random) {
    byte[] bytes = new byte[1 + random.nextInt(2000)];
    random.nextBytes(bytes);
    return bytes;
  }

  private static byte[] mutate(Random random, byte[] valid) {
    byte[] mutated = valid.clone();
    int flips = 1 + random.nextInt(5);
    for (int i = 0; i < flips; i++) {
      mutated[random.nextInt(mutated.length)] = (byte) random.nextInt(256);
    }
    return mutated;
  }

  private static byte[] close(int code, String reason) {
    byte[] text = reason.getBytes(StandardCharsets.UTF_8);
    byte[] payload = new byte[2 + text.length];
    payload[0] = (byte) (code >> 8);
    payload[1] = (byte) code;
    System.arraycopy(text, 0, payload, 2, text.length);
    return payload;
  }

  private static byte[] concat(byte[]... parts) {
    int length = 0;
    for (byte[] part : parts) {
      length += part.length;
    }
    byte[] all = new byte[length];
    int at = 0;
    for (byte[] part : parts) {
      System.arraycopy(part, 0, all, at, part.length);
      at += part.length;
    }
    return all;
  }
}
