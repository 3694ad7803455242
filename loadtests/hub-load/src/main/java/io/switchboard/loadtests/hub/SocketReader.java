package io.switchboard.loadtests.hub;

import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.Iterator;
import java.util.List;
import java.util.function.Consumer;

/**
 * Reads sweep subscribers' sockets on one thread: waits until some are readable, reads each that
 * is, and then, when {@code pauseMillis} is above zero, sleeps, so that the next publications pile
 * up in the sockets' receive buffers and one read takes several. The server's side is unchanged by
 * the pause (a few kilobytes wait in a receive buffer of a hundred and more), while the client's
 * cost per delivered message drops by the number of messages a read takes. Subscribers that time
 * deliveries use a reader without a pause.
 */
final class SocketReader implements AutoCloseable {

  private final Selector selector;
  private final long pauseMillis;
  private final Consumer<IOException> failed;
  private final Thread thread;
  private volatile boolean running = true;

  /**
   * Starts reading {@code sockets}, which switch to non-blocking mode; {@code failed} hears of a
   * socket the server closed or that broke (it is then no longer read).
   */
  SocketReader(
      String name, long pauseMillis, List<SweepSocket> sockets, Consumer<IOException> failed)
      throws IOException {
    this.selector = Selector.open();
    this.pauseMillis = pauseMillis;
    this.failed = failed;
    for (SweepSocket socket : sockets) {
      socket.channel().configureBlocking(false);
      socket.channel().register(selector, SelectionKey.OP_READ, socket);
    }
    this.thread = new Thread(this::run, name);
    thread.setDaemon(true);
    thread.start();
  }

  private void run() {
    try {
      // What came with a socket's upgrade waits in its buffer: no readiness event will announce it.
      for (SelectionKey key : selector.keys()) {
        read(key, true);
      }
      while (running) {
        selector.select(1000);
        Iterator<SelectionKey> ready = selector.selectedKeys().iterator();
        while (ready.hasNext()) {
          SelectionKey key = ready.next();
          ready.remove();
          read(key, false);
        }
        if (pauseMillis > 0) {
          Thread.sleep(pauseMillis);
        }
      }
    } catch (IOException failure) {
      throw new UncheckedIOException(failure);
    } catch (InterruptedException stopped) {
      Thread.currentThread().interrupt();
    }
  }

  private void read(SelectionKey key, boolean bufferedOnly) {
    SweepSocket socket = (SweepSocket) key.attachment();
    try {
      if (!(bufferedOnly ? socket.handBuffered() : socket.read())) {
        key.cancel();
        socket.close();
        failed.accept(new EOFException("closed by the server"));
      }
    } catch (IOException failure) {
      key.cancel();
      socket.close();
      failed.accept(failure);
    }
  }

  /** Stops reading and closes the sockets. */
  @Override
  public void close() throws InterruptedException, IOException {
    running = false;
    selector.wakeup();
    thread.join(5000);
    for (SelectionKey key : selector.keys()) {
      ((SweepSocket) key.attachment()).close();
    }
    selector.close();
  }
}
