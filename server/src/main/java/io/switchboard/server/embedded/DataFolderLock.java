package io.switchboard.server.embedded;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Holds {@code <data-dir>/node.lock} for as long as a node runs its embedded services on that
 * folder. The operating system releases the lock when the process dies, however it dies, so a lock
 * that can be taken means that whatever else runs on the folder was left by a dead node.
 */
final class DataFolderLock implements AutoCloseable {

  /** File name of the lock under the data folder; it holds the owning process id. */
  static final String FILE_NAME = "node.lock";

  private final FileChannel channel;
  private final FileLock lock;

  private DataFolderLock(FileChannel channel, FileLock lock) {
    this.channel = channel;
    this.lock = lock;
  }

  /**
   * Takes the lock of {@code dataDir}, or fails naming the process that holds it.
   *
   * @throws EmbeddedServicesException when another live process (or this one) holds it
   */
  static DataFolderLock acquire(Path dataDir) throws IOException {
    Files.createDirectories(dataDir);
    Path file = dataDir.resolve(FILE_NAME);
    FileChannel channel =
        FileChannel.open(
            file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
    FileLock lock;
    try {
      lock = channel.tryLock();
    } catch (OverlappingFileLockException heldHere) {
      lock = null;
    }
    if (lock == null) {
      String holder = Files.readString(file, StandardCharsets.US_ASCII).strip();
      channel.close();
      throw new EmbeddedServicesException(
          "the data folder "
              + dataDir
              + " is in use by another running Switchboard node"
              + (holder.isEmpty() ? "" : " (pid " + holder + ")")
              + "; stop it first, or give this node its own node.data-dir");
    }
    channel.truncate(0);
    channel.write(
        ByteBuffer.wrap(
            Long.toString(ProcessHandle.current().pid()).getBytes(StandardCharsets.US_ASCII)),
        0);
    return new DataFolderLock(channel, lock);
  }

  /** Releases the folder for the next node. */
  @Override
  public void close() throws IOException {
    try {
      lock.release();
    } finally {
      channel.close();
    }
  }
}
