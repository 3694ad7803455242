package io.switchboard.hub.protocol;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.netty.handler.codec.http.websocketx.Utf8FrameValidator;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.handler.codec.http.websocketx.WebSocketFrameDecoder;
import io.netty.util.ReferenceCountUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fails a chat WebSocket that breaks RFC 6455 the way the RFC asks: a Close frame with 1002
 * (protocol error), 1007 (invalid UTF-8) or 1009 (frame too big), then the end of the connection.
 *
 * <p>Vert.x builds Netty's frame decoder with {@code closeOnProtocolViolation} off and without
 * Netty's UTF-8 validator, so a bad frame only raised an exception and Vert.x dropped the TCP
 * connection (the client saw 1006), and a text frame of invalid UTF-8 reached the session decoded
 * with replacement characters. This handler sits between the decoder and Vert.x: it validates the
 * UTF-8 of inbound text messages (across their fragments), as Netty's validator that it extends,
 * and answers every violation the decoder or the validator reports. One handler rather than two:
 * each handler in a pipeline costs every connection its context. It only sees inbound frames;
 * outgoing frames never pass through it.
 */
public final class ProtocolViolations extends Utf8FrameValidator {

  private static final Logger LOG = LoggerFactory.getLogger(ProtocolViolations.class);

  private static final String HANDLER_NAME = "switchboard-protocol-violations";

  /** Set once the Close frame is on its way: frames read after the violation are dropped. */
  private boolean failed;

  private ProtocolViolations() {
    // Not closing itself: a violation reaches exceptionCaught below, which sends the Close frame.
    super(false);
  }

  /**
   * Puts this handler (UTF-8 validation and the answer to violations) right behind Netty's frame
   * decoder on a WebSocket's {@code pipeline}; call it on the connection's event loop once the
   * handshake has completed (the decoder is in place).
   */
  public static void install(ChannelPipeline pipeline) {
    String decoder = pipeline.context(WebSocketFrameDecoder.class).name();
    pipeline.addAfter(decoder, HANDLER_NAME, new ProtocolViolations());
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
    if (failed) {
      ReferenceCountUtil.release(msg);
      return;
    }
    // Validates a text message's UTF-8 and passes the frame on, or throws a violation, which Netty
    // hands to exceptionCaught.
    super.channelRead(ctx, msg);
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    if (!(cause instanceof CorruptedWebSocketFrameException violation)) {
      ctx.fireExceptionCaught(cause);
      return;
    }
    if (failed) {
      return;
    }
    failed = true;
    WebSocketCloseStatus status = violation.closeStatus();
    String reason =
        CloseReason.fit(
            violation.getMessage() == null ? status.reasonText() : violation.getMessage());
    LOG.debug("Closing {} with {} ({})", ctx.channel().remoteAddress(), status.code(), reason);
    // Written through the whole pipeline, as the frame encoder may sit behind this handler, but
    // closed from here: Vert.x, further on, would answer a close with a Close frame of its own
    // (1000) and wait for the client's, though the violation already ended the conversation.
    ctx.channel()
        .writeAndFlush(new CloseWebSocketFrame(status, reason))
        .addListener(written -> ctx.close());
  }
}
