package io.switchboard.hub.protocol;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.vertx.core.http.ServerWebSocketHandshake;
import java.util.ArrayList;
import java.util.List;

/** Which encoding a connection speaks, chosen at the WebSocket handshake. */
public enum FrameFormat {
  JSON(null),
  PROTOBUF(FrameFormat.PROTOBUF_SUB_PROTOCOL);

  /** The sub-protocol the Centrifuge SDKs offer when they want Protobuf frames. */
  public static final String PROTOBUF_SUB_PROTOCOL = "centrifuge-protobuf";

  /** The query parameter browsers without sub-protocol support use instead: format=protobuf. */
  public static final String FORMAT_QUERY_PARAM = "format";

  private final String subProtocol;

  FrameFormat(String subProtocol) {
    this.subProtocol = subProtocol;
  }

  /**
   * PROTOBUF when the handshake offered sub-protocol "centrifuge-protobuf" or the query has
   * format=protobuf; else JSON.
   *
   * @param offeredSubProtocols the client's Sec-WebSocket-Protocol values, possibly empty
   * @param formatQueryParam the value of the {@code format} query parameter, or null
   */
  public static FrameFormat of(List<String> offeredSubProtocols, String formatQueryParam) {
    if ("protobuf".equals(formatQueryParam)) {
      return PROTOBUF;
    }
    for (String offered : offeredSubProtocols) {
      if (PROTOBUF_SUB_PROTOCOL.equals(offered.trim())) {
        return PROTOBUF;
      }
    }
    return JSON;
  }

  /**
   * The format a pending handshake asks for, read from its Sec-WebSocket-Protocol headers and its
   * query. When it is PROTOBUF, accept the handshake with {@link #subProtocol()}: the server's
   * {@code HttpServerOptions.setWebSocketSubProtocols} must list it, or the SDK drops the socket.
   */
  public static FrameFormat of(ServerWebSocketHandshake handshake) {
    List<String> offered = new ArrayList<>();
    for (String header : handshake.headers().getAll(HttpHeaderNames.SEC_WEBSOCKET_PROTOCOL)) {
      for (String value : header.split(",")) {
        offered.add(value.trim());
      }
    }
    List<String> format =
        new QueryStringDecoder(handshake.uri()).parameters().get(FORMAT_QUERY_PARAM);
    return of(offered, format == null || format.isEmpty() ? null : format.get(0));
  }

  /** The sub-protocol to accept in the handshake, or null. */
  public String subProtocol() {
    return subProtocol;
  }
}
