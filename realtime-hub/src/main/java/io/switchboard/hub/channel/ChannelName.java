package io.switchboard.hub.channel;

import io.switchboard.hub.protocol.ErrorCode;
import java.util.UUID;

/**
 * A channel as clients name it: {@code conversation:<uuid>}, {@code inbox:<uuid>}, {@code
 * call:<uuid>}, {@code user:<user id>} or {@code tenant}. Names are always within the caller's
 * tenant: the tenant comes from the token, never from the name, so the same name in two tenants is
 * two channels.
 *
 * @param namespace what kind of channel
 * @param id the conversation, inbox, call or user; empty for {@code tenant}
 */
public record ChannelName(Namespace namespace, String id) {

  /** Longest channel name accepted. */
  public static final int MAX_LENGTH = 255;

  /** The kinds of channel. */
  public enum Namespace {
    /** A conversation's messages, typing and receipts; history in PostgreSQL. */
    CONVERSATION("conversation"),
    /** Changes to an inbox's conversations, for its agents. */
    INBOX("inbox"),
    /**
     * A voice call's live events (transcript, state), published by the voice role from the server
     * side only, for the tenant's agents, supervisors and admins.
     */
    CALL("call"),
    /** What concerns one user only. */
    USER("user"),
    /** Agents' broadcast: availability and tenant-wide notices. */
    TENANT("tenant");

    private final String prefix;

    Namespace(String prefix) {
      this.prefix = prefix;
    }

    public String prefix() {
      return prefix;
    }
  }

  /** The channel named {@code raw}, or a reply error saying why there is none. */
  public static ChannelName parse(String raw) {
    if (raw == null || raw.isEmpty()) {
      throw ErrorCode.BAD_REQUEST.error("channel required");
    }
    if (raw.length() > MAX_LENGTH) {
      throw ErrorCode.BAD_REQUEST.error("channel longer than " + MAX_LENGTH + " characters");
    }
    if (raw.equals(Namespace.TENANT.prefix())) {
      return new ChannelName(Namespace.TENANT, "");
    }
    int colon = raw.indexOf(':');
    String prefix = colon < 0 ? "" : raw.substring(0, colon);
    String id = colon < 0 ? "" : raw.substring(colon + 1);
    for (Namespace namespace : Namespace.values()) {
      if (namespace != Namespace.TENANT && namespace.prefix().equals(prefix)) {
        return new ChannelName(namespace, checkedId(namespace, id));
      }
    }
    throw ErrorCode.UNKNOWN_CHANNEL.error(raw);
  }

  private static String checkedId(Namespace namespace, String id) {
    if (namespace == Namespace.USER) {
      if (id.isEmpty() || id.chars().anyMatch(c -> c < 32)) {
        throw ErrorCode.UNKNOWN_CHANNEL.error("user channel needs a user id");
      }
      return id;
    }
    try {
      UUID parsed = UUID.fromString(id);
      if (!parsed.toString().equals(id)) {
        throw new IllegalArgumentException(id);
      }
      return id;
    } catch (IllegalArgumentException e) {
      throw ErrorCode.UNKNOWN_CHANNEL.error(namespace.prefix() + " channel needs a UUID");
    }
  }

  /** The name as clients write it. */
  public String wire() {
    return namespace == Namespace.TENANT ? namespace.prefix() : namespace.prefix() + ":" + id;
  }

  @Override
  public String toString() {
    return wire();
  }
}
