package io.switchboard.hub.session;

import io.switchboard.protos.hub.v1.Command;
import java.util.ArrayDeque;
import java.util.List;

/**
 * Commands a client sent after {@code connect} and before its reply, in their order: the SDKs send
 * {@code connect} and their subscribes in one frame, and those run once the connect is accepted, as
 * Centrifugo runs them. Bounded by one frame's worth of commands, so a client cannot park unbounded
 * work behind a slow token check.
 */
final class AwaitingConnect {

  private final int limit;
  // Made on first use: most connections send nothing before their connect reply.
  private ArrayDeque<Command> commands;

  /**
   * @param limit most commands kept; {@code hub.max-commands-per-frame}, what one frame may carry
   */
  AwaitingConnect(int limit) {
    this.limit = limit;
  }

  int limit() {
    return limit;
  }

  /** Keeps {@code command}; false when {@link #limit()} are already waiting (it is not kept). */
  boolean offer(Command command) {
    if (commands == null) {
      commands = new ArrayDeque<>(4);
    }
    if (commands.size() >= limit) {
      return false;
    }
    commands.add(command);
    return true;
  }

  /** The waiting commands in the order they came; none wait afterwards. */
  List<Command> takeAll() {
    if (commands == null || commands.isEmpty()) {
      return List.of();
    }
    List<Command> taken = List.copyOf(commands);
    commands = null;
    return taken;
  }

  /** Forgets the waiting commands: the connect was refused, or the socket went. */
  void clear() {
    commands = null;
  }
}
