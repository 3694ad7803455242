package io.switchboard.voice.recording;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.file.AsyncFile;
import io.vertx.core.file.OpenOptions;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Records one call as a stereo 16-bit PCM WAV file, the caller on the left and what the caller
 * heard (bot or agent) on the right, at {@code <recordingDir>/<tenant>/<yyyy-MM-dd>/<callId>.wav},
 * written through Vert.x's non-blocking file system. The caller's audio is the clock: each caller
 * chunk is written with as much queued reply audio beside it, silence where there is none. Every
 * buffer is bounded; what does not fit is dropped and counted. Use a recorder from the event loop
 * that opened it only, like the call it records.
 */
public final class CallRecorder {

  /** Sample rates a call can have: telephony (8 kHz) and browsers (16 kHz). */
  public static final Set<Integer> SAMPLE_RATES = Set.of(8_000, 16_000);

  /**
   * Tenant and call ids that may name a folder or file: letters, digits, dash and underscore, so
   * that no id can climb out of the recording folder or name a hidden file.
   */
  public static final Pattern PATH_SAFE_ID = Pattern.compile("^[A-Za-z0-9][A-Za-z0-9_-]{0,127}$");

  /** Longest caller chunk, in milliseconds: audio arrives in frames of 20 ms or so. */
  public static final int MAX_CALLER_CHUNK_MS = 1_000;

  /**
   * Longest reply audio waiting for the caller's clock, in seconds: a spoken answer is queued
   * whole, so this holds the longest one, not more.
   */
  public static final int MAX_PENDING_REPLY_SECONDS = 60;

  /**
   * Most bytes held back while the file's write queue is full, about 8 s of 16 kHz stereo; past it
   * the caller's chunks are dropped (and counted) rather than held without bound.
   */
  public static final int MAX_BACKLOG_BYTES = 512 * 1024;

  /** The file's own write queue, before it reports itself full. */
  public static final int WRITE_QUEUE_BYTES = 128 * 1024;

  /** Size of the RIFF/WAVE header of a PCM file. */
  public static final int HEADER_BYTES = 44;

  /** A RIFF chunk size is 32 bits: the data stops there, so the sizes stay true. */
  public static final long MAX_DATA_BYTES = 0xFFFF_FFFFL - (HEADER_BYTES - 8);

  private static final int CHANNELS = 2;
  private static final int BYTES_PER_SAMPLE = 2;
  private static final int FRAME_BYTES = CHANNELS * BYTES_PER_SAMPLE;

  private final AsyncFile file;
  private final String reference;
  private final int sampleRate;
  private final ShortRing pendingReply;
  private final ArrayDeque<Buffer> backlog = new ArrayDeque<>();
  private int backlogBytes;
  private long dataBytes;
  private long droppedFrames;
  private long droppedReplySamples;
  private int writesInFlight;
  private Promise<Void> allWritten;
  private Throwable writeFailure;
  private Future<String> closed;

  private CallRecorder(AsyncFile file, String reference, int sampleRate) {
    this.file = file;
    this.reference = reference;
    this.sampleRate = sampleRate;
    this.pendingReply = new ShortRing(sampleRate * MAX_PENDING_REPLY_SECONDS);
    file.setWriteQueueMaxSize(WRITE_QUEUE_BYTES);
    file.drainHandler(drained -> writeBacklog());
    file.exceptionHandler(this::failed);
  }

  /**
   * Opens the recording of {@code callId} of {@code tenant}, dated by {@code clock} in UTC; fails
   * with {@link IllegalArgumentException} for an id that is not {@link #PATH_SAFE_ID} or a rate not
   * in {@link #SAMPLE_RATES}, and with {@link RecordingFailed} when the file cannot be made.
   */
  public static Future<CallRecorder> open(
      Vertx vertx, Path recordingDir, String tenant, String callId, int sampleRate, Clock clock) {
    try {
      checkId("tenant", tenant);
      checkId("call id", callId);
      if (!SAMPLE_RATES.contains(sampleRate)) {
        throw new IllegalArgumentException(
            "sample rate " + sampleRate + " Hz is not one of " + SAMPLE_RATES);
      }
    } catch (IllegalArgumentException refused) {
      return Future.failedFuture(refused);
    }
    String day = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC).toString();
    String reference = tenant + "/" + day + "/" + callId + ".wav";
    Path root = recordingDir.toAbsolutePath().normalize();
    Path target = root.resolve(reference).normalize();
    if (!target.startsWith(root)) {
      // The id checks already keep every path inside; this says so where it matters.
      return Future.failedFuture(new IllegalArgumentException("recording path escapes its folder"));
    }
    OpenOptions options =
        new OpenOptions().setWrite(true).setCreate(true).setTruncateExisting(true);
    return vertx
        .fileSystem()
        .mkdirs(target.getParent().toString())
        .compose(made -> vertx.fileSystem().open(target.toString(), options))
        .compose(
            file ->
                file.write(header(sampleRate, 0), 0)
                    .map(written -> file.setWritePos(HEADER_BYTES))
                    .recover(
                        failure -> file.close().transform(ignored -> Future.failedFuture(failure))))
        .map(file -> new CallRecorder(file, reference, sampleRate))
        .recover(
            failure ->
                Future.failedFuture(
                    new RecordingFailed(
                        "cannot record call "
                            + callId
                            + " at "
                            + target
                            + ": "
                            + failure.getMessage(),
                        failure)));
  }

  /**
   * Appends {@code n} caller samples from {@code pcm[off]} on the left, with as much pending reply
   * audio on the right (silence for the rest). After {@link #close()} it does nothing.
   */
  public void caller(short[] pcm, int off, int n) {
    Objects.checkFromIndexSize(off, n, pcm.length);
    int most = sampleRate * MAX_CALLER_CHUNK_MS / 1_000;
    if (n > most) {
      throw new IllegalArgumentException(
          "caller chunk of "
              + n
              + " samples is longer than "
              + most
              + " ("
              + MAX_CALLER_CHUNK_MS
              + " ms)");
    }
    if (closed != null || n == 0) {
      return;
    }
    Buffer frames = Buffer.buffer(n * FRAME_BYTES);
    for (int i = 0; i < n; i++) {
      frames.appendShortLE(pcm[off + i]).appendShortLE(pendingReply.poll());
    }
    append(frames);
  }

  /**
   * Queues {@code n} reply samples from {@code pcm[off]} to be heard beside the caller's next
   * audio; what does not fit in {@link #MAX_PENDING_REPLY_SECONDS} is dropped and counted.
   */
  public void reply(short[] pcm, int off, int n) {
    Objects.checkFromIndexSize(off, n, pcm.length);
    if (closed != null) {
      return;
    }
    droppedReplySamples += n - pendingReply.offer(pcm, off, n);
  }

  /**
   * Writes what is held back, fixes the RIFF sizes and closes the file; completes with the
   * recording reference, the path relative to the recording folder ({@code
   * <tenant>/<yyyy-MM-dd>/<callId>.wav}). Calling it again returns the same future. Reply audio the
   * caller never reached is left out: the caller did not hear it.
   */
  public Future<String> close() {
    if (closed != null) {
      return closed;
    }
    while (!backlog.isEmpty()) {
      Buffer next = backlog.poll();
      backlogBytes -= next.length();
      write(next);
    }
    closed =
        written()
            .compose(done -> file.write(header(sampleRate, dataBytes), 0))
            .transform(
                done ->
                    file.close()
                        .transform(
                            closedFile -> {
                              Throwable failure =
                                  writeFailure != null
                                      ? writeFailure
                                      : done.failed() ? done.cause() : closedFile.cause();
                              return failure == null
                                  ? Future.succeededFuture(reference)
                                  : Future.failedFuture(
                                      new RecordingFailed(
                                          "recording "
                                              + reference
                                              + " failed: "
                                              + failure.getMessage(),
                                          failure));
                            }));
    return closed;
  }

  /** The recording reference, the path relative to the recording folder. */
  public String reference() {
    return reference;
  }

  /**
   * Stereo frames (caller and reply) dropped because the disk did not keep up or the file was full.
   */
  public long droppedFrames() {
    return droppedFrames;
  }

  /** Reply samples dropped because more was queued than {@link #MAX_PENDING_REPLY_SECONDS}. */
  public long droppedReplySamples() {
    return droppedReplySamples;
  }

  /** Bytes of audio written or on their way to the file. */
  public long dataBytes() {
    return dataBytes;
  }

  private void append(Buffer frames) {
    if (dataBytes + backlogBytes + frames.length() > MAX_DATA_BYTES) {
      droppedFrames += frames.length() / FRAME_BYTES;
      return;
    }
    if (backlog.isEmpty() && !file.writeQueueFull()) {
      write(frames);
    } else if (backlogBytes + frames.length() <= MAX_BACKLOG_BYTES) {
      backlog.add(frames);
      backlogBytes += frames.length();
    } else {
      droppedFrames += frames.length() / FRAME_BYTES;
    }
  }

  private void writeBacklog() {
    while (!backlog.isEmpty() && !file.writeQueueFull() && closed == null) {
      Buffer next = backlog.poll();
      backlogBytes -= next.length();
      write(next);
    }
  }

  private void write(Buffer frames) {
    dataBytes += frames.length();
    writesInFlight++;
    file.write(frames)
        .onComplete(
            done -> {
              if (done.failed()) {
                failed(done.cause());
              }
              writesInFlight--;
              if (writesInFlight == 0 && allWritten != null) {
                allWritten.tryComplete();
              }
            });
  }

  /** Completes once every write handed to the file has finished. */
  private Future<Void> written() {
    if (writesInFlight == 0) {
      return Future.succeededFuture();
    }
    allWritten = Promise.promise();
    return allWritten.future();
  }

  private void failed(Throwable failure) {
    if (writeFailure == null) {
      writeFailure = failure;
    }
  }

  private static void checkId(String what, String id) {
    if (id == null || !PATH_SAFE_ID.matcher(id).matches()) {
      throw new IllegalArgumentException(
          what + " must be 1 to 128 letters, digits, '-' or '_' to name a recording: " + id);
    }
  }

  /** The 44-byte header of a stereo 16-bit PCM WAV with {@code dataBytes} of samples. */
  static Buffer header(int sampleRate, long dataBytes) {
    return Buffer.buffer(HEADER_BYTES)
        .appendString("RIFF")
        .appendIntLE((int) (HEADER_BYTES - 8 + dataBytes))
        .appendString("WAVE")
        .appendString("fmt ")
        .appendIntLE(16)
        .appendShortLE((short) 1) // PCM
        .appendShortLE((short) CHANNELS)
        .appendIntLE(sampleRate)
        .appendIntLE(sampleRate * FRAME_BYTES)
        .appendShortLE((short) FRAME_BYTES)
        .appendShortLE((short) (BYTES_PER_SAMPLE * 8))
        .appendString("data")
        .appendIntLE((int) dataBytes);
  }
}
