package io.switchboard.crud.db;

import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.internal.Connection;
import io.vertx.sqlclient.internal.SqlConnectionInternal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The SQL-level prepared statements ({@code PREPARE name AS ...}) of a pool's connections: each
 * statement's name, from its text, and which names each database connection has prepared. A
 * prepared statement lives as long as its connection, so each is prepared once per connection; a
 * connection that closes is forgotten with it.
 */
final class PreparedNames {

  /** What every name starts with. */
  static final String PREFIX = "sb_read_";

  // Keyed by the database connection under the pool's wrappers, which change from one borrow to the
  // next; connections are used from several event loops.
  private final Map<Connection, Set<String>> prepared = new WeakHashMap<>();

  // The statements' texts are the code's constants, so this stays as small as the code's reads.
  private final Map<String, String> byText = new ConcurrentHashMap<>();

  /** The name {@code sql} is prepared under: the same text, the same name, on every connection. */
  String of(String sql) {
    return byText.computeIfAbsent(sql, PreparedNames::name);
  }

  /** {@link #of}, worked out: a digest of the text. */
  static String name(String sql) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-1").digest(sql.getBytes(StandardCharsets.UTF_8));
      return PREFIX + HexFormat.of().formatHex(digest, 0, 10);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM provides SHA-1", e);
    }
  }

  /**
   * The database connection under {@code connection}, or null when the client does not say (then
   * nothing is known to be prepared on it).
   */
  static Connection underlying(SqlConnection connection) {
    if (!(connection instanceof SqlConnectionInternal internal)) {
      return null;
    }
    Connection current = internal.unwrap();
    for (Connection next = current.unwrap(); next != current; next = current.unwrap()) {
      current = next;
    }
    return current;
  }

  synchronized boolean has(Connection connection, String name) {
    Set<String> names = prepared.get(connection);
    return names != null && names.contains(name);
  }

  synchronized void add(Connection connection, String name) {
    prepared.computeIfAbsent(connection, c -> new HashSet<>()).add(name);
  }
}
