package io.switchboard.loadtests.gatling;

import static io.gatling.javaapi.core.CoreDsl.bodyString;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.regex;
import static io.gatling.javaapi.http.HttpDsl.ws;

import io.gatling.javaapi.core.ActionBuilder;
import io.gatling.javaapi.core.ChainBuilder;
import java.time.Duration;

/** WebSocket steps every chat simulation takes the same way. */
final class Steps {

  private Steps() {}

  /**
   * Opens connection {@code side}'s socket and connects with the token in session attribute {@code
   * tokenKey}, as command {@code id}; the requests are named after {@code prefix}.
   */
  static ChainBuilder connect(
      String prefix, String side, Duration timeout, long id, String tokenKey) {
    return exec(ws(prefix + " open socket").wsName(side).connect("/ws"))
        .exec(
            ws(prefix + " connect")
                .wsName(side)
                .sendText(session -> Hub.connect(id, session.getString(tokenKey)))
                .await(timeout)
                .on(
                    ws.checkTextMessage(prefix + " connect → reply")
                        .matching(regex(Hub.replyTo(id)))
                        .check(
                            bodyString()
                                .transform(frame -> Hub.replyOk(frame, id, "connect"))
                                .validate("is ok", Hub::ok))));
  }

  /**
   * Subscribes connection {@code side} to the session's {@code channel} with command {@code id},
   * saving the stream position as {@code positionKey} and its epoch as {@code epochKey}.
   */
  static ActionBuilder subscribe(
      String side, Duration timeout, long id, String positionKey, String epochKey) {
    return ws(side + " subscribe")
        .wsName(side)
        .sendText(session -> Hub.subscribe(id, session.getString("channel")))
        .await(timeout)
        .on(
            ws.checkTextMessage(side + " subscribe → reply")
                .matching(regex(Hub.replyTo(id)))
                .check(
                    bodyString()
                        .transform(frame -> Hub.subscribedOffset(frame, id))
                        .gte(0L)
                        .saveAs(positionKey),
                    bodyString()
                        .transform(frame -> Hub.subscribedEpoch(frame, id))
                        .notNull()
                        .saveAs(epochKey)));
  }
}
