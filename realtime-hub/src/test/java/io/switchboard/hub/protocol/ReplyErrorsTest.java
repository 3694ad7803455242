package io.switchboard.hub.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.platform.error.Conflict;
import io.switchboard.platform.error.Forbidden;
import io.switchboard.platform.error.Invalid;
import io.switchboard.platform.error.ModuleDisabled;
import io.switchboard.platform.error.NotFound;
import io.switchboard.platform.error.PreconditionFailed;
import io.switchboard.platform.error.RateLimited;
import io.switchboard.platform.error.Unavailable;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

@DisplayName("Typed failures become the reply errors a chat client sees")
class ReplyErrorsTest {

  static Stream<Arguments> typed() {
    return Stream.of(
        Arguments.of(
            new NotFound("no conversation x"), ErrorCode.PERMISSION_DENIED, "permission denied"),
        Arguments.of(
            new Forbidden("requires one of the roles: agent"),
            ErrorCode.PERMISSION_DENIED,
            "permission denied"),
        Arguments.of(new ModuleDisabled("chat"), ErrorCode.PERMISSION_DENIED, "permission denied"),
        Arguments.of(
            new Invalid("body too long"), ErrorCode.BAD_REQUEST, "bad request: body too long"),
        Arguments.of(new Conflict("duplicate"), ErrorCode.BAD_REQUEST, "bad request: duplicate"),
        Arguments.of(new PreconditionFailed("stale"), ErrorCode.BAD_REQUEST, "bad request: stale"),
        Arguments.of(
            new RateLimited("slow down", 1), ErrorCode.TOO_MANY_REQUESTS, "too many requests"),
        Arguments.of(
            new Unavailable("tenant data unavailable"),
            ErrorCode.INTERNAL,
            "internal server error: tenant data unavailable"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("typed")
  @DisplayName("each typed failure has its code; what is hidden and what is missing look the same")
  void mapsTyped(Throwable failure, ErrorCode code, String message) {
    ReplyError reply = ReplyErrors.of(failure);
    assertThat(reply.code()).isEqualTo(code);
    assertThat(reply.getMessage()).isEqualTo(message);
  }

  @Test
  @DisplayName("a reply error passes unchanged, and an unknown failure has no meaning to tell")
  void passesAndUnknown() {
    ReplyError own = ErrorCode.UNKNOWN_CHANNEL.error("phone:1");
    assertThat(ReplyErrors.of(own)).isSameAs(own);
    assertThat(ReplyErrors.of(new IllegalStateException("bug"))).isNull();
  }
}
