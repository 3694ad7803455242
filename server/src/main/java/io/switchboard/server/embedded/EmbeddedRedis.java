package io.switchboard.server.embedded;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import redis.embedded.RedisServer;
import redis.embedded.core.ExecutableProvider;
import redis.embedded.model.OsArchitecture;

/**
 * The embedded Redis's files under {@code <data-dir>/redis}: the {@code redis-server} binary
 * unpacked from the jar, and the pid file a later node reads should this one die. The library's
 * default unpacks a fresh copy into a temporary folder on every start and deletes it only on a
 * normal exit, so every crash would leave one behind.
 */
record EmbeddedRedis(Path dir) {

  /** Where the binary is unpacked. */
  Path binary() {
    return dir.resolve("redis-server");
  }

  /** Where the running server writes its pid (and removes it when it stops). */
  Path pidFile() {
    return dir.resolve("redis.pid");
  }

  /** An in-memory server on {@code host:port} from the unpacked binary; not started yet. */
  RedisServer server(String host, int port) throws IOException {
    unpack();
    List<String> args =
        List.of(
            binary().toString(),
            "--port",
            Integer.toString(port),
            "--bind",
            host,
            "--save",
            "",
            "--appendonly",
            "no",
            "--pidfile",
            pidFile().toString());
    // Not forced: the node's shutdown hook stops it after the node, as it does PostgreSQL.
    return new RedisServer(port, args, false);
  }

  /** Copies the binary for this machine out of the library's jar, replacing an older copy. */
  private void unpack() throws IOException {
    String resource =
        ExecutableProvider.newProvidedVersionsMap().get(OsArchitecture.detectOSandArchitecture());
    Files.createDirectories(dir);
    Path partial = dir.resolve("redis-server.partial");
    try (InputStream in = RedisServer.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IOException("no Redis binary for this machine in the embedded-redis jar");
      }
      Files.copy(in, partial, StandardCopyOption.REPLACE_EXISTING);
    }
    if (!partial.toFile().setExecutable(true, true)) {
      throw new IOException("cannot make " + partial + " executable");
    }
    // A rename, so that a binary still running from the old copy is never written into.
    Files.move(
        partial, binary(), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }
}
