package io.switchboard.hub.fanout;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.websocketx.WebSocketFrameEncoder;

/**
 * The outgoing side of one WebSocket, written straight to its Netty channel: whole frames (see
 * {@link WholeFrames}) enter the pipeline where Netty's frame encoder sits, so they skip Vert.x's
 * per-frame objects, its write queue and the encoder, but still pass whatever lies below (TLS).
 * Back-pressure is the channel's own: its write buffer's high water mark is the socket's write
 * queue size ({@code setWriteQueueMaxSize} sets it), and {@link #full()} is the channel being
 * unwritable.
 *
 * <p>Every data frame of the connection goes this way, replies and pushes alike, so they keep their
 * order; only Close frames (and Vert.x's pongs) go through Vert.x, after what was written here.
 * Used on the connection's event loop only.
 */
public final class SocketOutput {

  private final ChannelHandlerContext context;
  private final Channel channel;
  private final EndOfTurn endOfTurn;
  private final Runnable flushAtEndOfTurn = this::flushNow;
  private boolean flushPending;

  private SocketOutput(ChannelHandlerContext context, EndOfTurn endOfTurn) {
    this.context = context;
    this.channel = context.channel();
    this.endOfTurn = endOfTurn;
  }

  /**
   * The output of the WebSocket on {@code pipeline}; call once the handshake has completed (the
   * frame encoder is in place).
   */
  public static SocketOutput of(ChannelPipeline pipeline, EndOfTurn endOfTurn) {
    ChannelHandlerContext encoder = pipeline.context(WebSocketFrameEncoder.class);
    if (encoder == null) {
      throw new IllegalStateException("no WebSocket frame encoder on " + pipeline.channel());
    }
    return new SocketOutput(encoder, endOfTurn);
  }

  /** False once the connection is gone: writes are then dropped. */
  public boolean open() {
    return channel.isActive();
  }

  /** True while more than the write queue's size waits to be sent. */
  public boolean full() {
    return !channel.isWritable();
  }

  /** Writes and sends {@code frames} now (at the end of a turn, where pushes are written). */
  public void send(ByteBuf frames) {
    if (write(frames)) {
      flushPending = false;
      context.flush();
    }
  }

  /**
   * Writes {@code frames} and sends them when this event-loop turn ends, with whatever else the
   * turn writes to this connection (replies to the commands of one client frame share a write).
   */
  public void sendAtEndOfTurn(ByteBuf frames) {
    if (write(frames) && !flushPending) {
      flushPending = true;
      endOfTurn.schedule(flushAtEndOfTurn);
    }
  }

  /** Sends what was written and not yet sent; the Close frame goes after it. */
  public void flushNow() {
    if (flushPending) {
      flushPending = false;
      context.flush();
    }
  }

  private boolean write(ByteBuf frames) {
    if (!channel.isActive()) {
      frames.release();
      return false;
    }
    context.write(frames, context.voidPromise());
    return true;
  }
}
