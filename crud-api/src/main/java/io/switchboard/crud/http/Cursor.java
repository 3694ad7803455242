package io.switchboard.crud.http;

import io.switchboard.platform.error.Invalid;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.UUID;

/**
 * Position in a list ordered by {@code (updated_at, id)}: the last row of a page. On the wire it is
 * opaque base64url text, so clients pass it back unchanged instead of building their own.
 *
 * @param updatedAt {@code updated_at} of the last row, to the microsecond as PostgreSQL keeps it
 * @param id {@code id} of the last row, breaking ties between equal timestamps
 */
public record Cursor(OffsetDateTime updatedAt, UUID id) {

  /** Query parameter carrying a cursor. */
  public static final String PARAM = "cursor";

  /** Longest cursor text accepted; real ones are about 60 characters. */
  public static final int MAX_LENGTH = 200;

  private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
  private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

  /** The opaque text of this cursor. */
  public String encode() {
    long micros = ChronoUnit.MICROS.between(Instant.EPOCH, updatedAt.toInstant());
    return ENCODER.encodeToString((micros + ":" + id).getBytes(StandardCharsets.UTF_8));
  }

  /**
   * The cursor {@code text} encodes; anything else fails with {@link Invalid} on {@code cursor}.
   */
  public static Cursor decode(String text) {
    try {
      if (text.length() > MAX_LENGTH) {
        throw new IllegalArgumentException("too long");
      }
      String plain = new String(DECODER.decode(text), StandardCharsets.UTF_8);
      int colon = plain.indexOf(':');
      long micros = Long.parseLong(plain.substring(0, colon));
      UUID id = UUID.fromString(plain.substring(colon + 1));
      Instant at = Instant.EPOCH.plus(micros, ChronoUnit.MICROS);
      return new Cursor(at.atOffset(ZoneOffset.UTC), id);
    } catch (RuntimeException e) {
      throw Invalid.field(PARAM, "not a cursor returned by this API");
    }
  }
}
