package io.switchboard.voice.recording;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.function.Supplier;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@DisplayName("Call recordings: stereo WAV files of the caller and what they heard")
class CallRecorderTest {

  private static final Clock DEC_3 =
      Clock.fixed(Instant.parse("2026-12-03T19:30:00Z"), ZoneOffset.UTC);
  private static final String CALL = "5f0c2b6e-8d4a-4d1e-9a57-3c1f0e2d7b19";

  @TempDir Path dir;

  private Vertx vertx;
  private Context loop;

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
    loop = vertx.getOrCreateContext();
  }

  @AfterEach
  void stop() {
    vertx.close().await();
  }

  /** Runs {@code work} on the recorder's event loop, as a call would, and awaits its result. */
  private <T> T onLoop(Supplier<Future<T>> work) {
    Promise<T> done = Promise.promise();
    loop.runOnContext(
        ignored -> {
          try {
            work.get().onComplete(done);
          } catch (RuntimeException e) {
            done.fail(e);
          }
        });
    return done.future().await();
  }

  private Throwable failureOnLoop(Supplier<Future<?>> work) {
    Promise<Throwable> failure = Promise.promise();
    loop.runOnContext(
        ignored -> {
          try {
            work.get().onComplete(done -> failure.complete(done.failed() ? done.cause() : null));
          } catch (RuntimeException e) {
            failure.complete(e);
          }
        });
    Throwable cause = failure.future().await();
    assertThat(cause).as("the operation must fail").isNotNull();
    return cause;
  }

  private CallRecorder open(String tenant, String call, int rate) {
    return onLoop(() -> CallRecorder.open(vertx, dir, tenant, call, rate, DEC_3));
  }

  /** The file's samples as {left, right}, after checking its format. */
  private static short[][] read(Path wav, int rate) throws Exception {
    try (AudioInputStream in =
        AudioSystem.getAudioInputStream(new ByteArrayInputStream(Files.readAllBytes(wav)))) {
      AudioFormat format = in.getFormat();
      assertThat(format.getChannels()).isEqualTo(2);
      assertThat(format.getSampleRate()).isEqualTo((float) rate);
      assertThat(format.getSampleSizeInBits()).isEqualTo(16);
      assertThat(format.getEncoding()).isEqualTo(AudioFormat.Encoding.PCM_SIGNED);
      assertThat(format.isBigEndian()).isFalse();
      byte[] bytes = in.readAllBytes();
      assertThat((long) bytes.length).isEqualTo(in.getFrameLength() * 4);
      ByteBuffer samples = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
      int frames = bytes.length / 4;
      short[][] out = new short[2][frames];
      for (int i = 0; i < frames; i++) {
        out[0][i] = samples.getShort();
        out[1][i] = samples.getShort();
      }
      return out;
    }
  }

  private static short[] ramp(int n, int from, int step) {
    short[] out = new short[n];
    for (int i = 0; i < n; i++) {
      out[i] = (short) (from + i * step);
    }
    return out;
  }

  @ParameterizedTest(name = "{0} Hz")
  @ValueSource(ints = {8_000, 16_000})
  @DisplayName("the caller is on the left, what they heard on the right, where they heard it")
  void knownSignal(int rate) throws Exception {
    int chunk = rate / 50; // 20 ms
    short[] caller = ramp(3 * chunk, 1, 3);
    short[] greeting = ramp(chunk + chunk / 4, -1, -5);
    short[] answer = ramp(chunk / 2, 7000, 1);
    CallRecorder recorder = open("acme", CALL, rate);
    String reference =
        onLoop(
            () -> {
              recorder.reply(greeting, 0, greeting.length);
              recorder.caller(caller, 0, chunk);
              recorder.caller(caller, chunk, chunk);
              // Whatever the bot says now is heard from the caller's third chunk on.
              recorder.reply(answer, 0, answer.length);
              recorder.caller(caller, 2 * chunk, chunk);
              return recorder.close();
            });

    assertThat(reference).isEqualTo("acme/2026-12-03/" + CALL + ".wav");
    short[][] wav = read(dir.resolve(reference), rate);
    assertThat(wav[0]).containsExactly(caller);
    short[] expectedRight = new short[3 * chunk];
    System.arraycopy(greeting, 0, expectedRight, 0, greeting.length);
    System.arraycopy(answer, 0, expectedRight, 2 * chunk, answer.length);
    assertThat(wav[1]).containsExactly(expectedRight);
    assertThat(recorder.droppedFrames()).isZero();
    assertThat(recorder.droppedReplySamples()).isZero();
    assertThat(Files.size(dir.resolve(reference)))
        .isEqualTo(CallRecorder.HEADER_BYTES + 3L * chunk * 4);
  }

  @Test
  @DisplayName("a call with no audio is a valid, empty recording")
  void empty() throws Exception {
    CallRecorder recorder = open("acme", CALL, 8_000);
    String reference = onLoop(recorder::close);
    assertThat(read(dir.resolve(reference), 8_000)[0]).isEmpty();
  }

  @ParameterizedTest(name = "\"{0}\"")
  @ValueSource(
      strings = {
        "..",
        "../other",
        "acme/../../etc",
        "a/b",
        "/abs",
        ".hidden",
        "",
        "a b",
        "x\u0000y"
      })
  @DisplayName("a tenant or call id that could leave the recording folder is refused")
  void pathEscapesRefused(String id) throws Exception {
    Path recordings = dir.resolve("recordings");
    Throwable asTenant =
        failureOnLoop(() -> CallRecorder.open(vertx, recordings, id, CALL, 8_000, DEC_3));
    Throwable asCall =
        failureOnLoop(() -> CallRecorder.open(vertx, recordings, "acme", id, 8_000, DEC_3));
    assertThat(asTenant)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("tenant");
    assertThat(asCall).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("call id");
    try (var files = Files.walk(dir)) {
      assertThat(files.filter(Files::isRegularFile)).isEmpty();
    }
  }

  @Test
  @DisplayName("a null tenant or call id is refused")
  void nullIdsRefused() {
    assertThat(failureOnLoop(() -> CallRecorder.open(vertx, dir, null, CALL, 8_000, DEC_3)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(failureOnLoop(() -> CallRecorder.open(vertx, dir, "acme", null, 8_000, DEC_3)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @ParameterizedTest(name = "{0} Hz")
  @ValueSource(ints = {0, -8_000, 11_025, 44_100, 48_000})
  @DisplayName("a sample rate other than telephony's or browsers' is refused")
  void unsupportedRate(int rate) {
    assertThat(failureOnLoop(() -> CallRecorder.open(vertx, dir, "acme", CALL, rate, DEC_3)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(Integer.toString(rate));
  }

  @Test
  @DisplayName("closing twice is safe: the same reference, and audio after the close is ignored")
  void closeTwice() throws Exception {
    CallRecorder recorder = open("acme", CALL, 8_000);
    short[] audio = ramp(160, 1, 1);
    String first =
        onLoop(
            () -> {
              recorder.caller(audio, 0, audio.length);
              return recorder.close();
            });
    String second =
        onLoop(
            () -> {
              recorder.caller(audio, 0, audio.length);
              recorder.reply(audio, 0, audio.length);
              return recorder.close();
            });
    assertThat(second).isEqualTo(first);
    assertThat(read(dir.resolve(first), 8_000)[0]).containsExactly(audio);
  }

  @Test
  @DisplayName("recording into a folder that cannot be written fails with the path and the cause")
  void unwritableFolder() throws IOException {
    Path blocked = dir.resolve("blocked");
    Files.writeString(blocked, "a file where the recording folder should be");
    Throwable failure =
        failureOnLoop(() -> CallRecorder.open(vertx, blocked, "acme", CALL, 8_000, DEC_3));
    assertThat(failure)
        .isInstanceOf(RecordingFailed.class)
        .hasMessageContaining("cannot record call " + CALL)
        .hasMessageContaining(blocked.toString());
  }

  @Test
  @DisplayName("reply audio beyond what the queue holds is dropped and counted, not buffered")
  void replyOverflowCounted() throws Exception {
    int rate = 8_000;
    int capacity = rate * CallRecorder.MAX_PENDING_REPLY_SECONDS;
    CallRecorder recorder = open("acme", CALL, rate);
    short[] speech = ramp(capacity / 2 + 1_000, 1, 0);
    onLoop(
        () -> {
          recorder.reply(speech, 0, speech.length);
          recorder.reply(speech, 0, speech.length);
          return Future.succeededFuture();
        });
    assertThat(recorder.droppedReplySamples()).isEqualTo(2L * speech.length - capacity);
    onLoop(recorder::close);
  }

  @Test
  @DisplayName("when the disk falls behind, audio is held up to a bound, then dropped and counted")
  void backPressure() throws Exception {
    int rate = 16_000;
    int chunk = rate / 50;
    int chunks = 1_000; // 20 s handed over in one turn of the event loop: far past every bound
    CallRecorder recorder = open("acme", CALL, rate);
    short[] audio = ramp(chunk, 1, 1);
    String reference =
        onLoop(
            () -> {
              for (int i = 0; i < chunks; i++) {
                recorder.caller(audio, 0, chunk);
              }
              return recorder.close();
            });
    long kept = (long) chunks * chunk - recorder.droppedFrames();
    assertThat(recorder.droppedFrames()).isPositive();
    assertThat(kept * 4)
        .isLessThanOrEqualTo(
            CallRecorder.WRITE_QUEUE_BYTES + CallRecorder.MAX_BACKLOG_BYTES + chunk * 4L);
    short[][] wav = read(dir.resolve(reference), rate);
    assertThat((long) wav[0].length).isEqualTo(kept);
  }

  @Test
  @DisplayName("a wrong slice of samples or an over-long caller chunk is refused")
  void wrongSlices() {
    CallRecorder recorder = open("acme", CALL, 8_000);
    short[] audio = new short[160];
    assertThatThrownBy(() -> recorder.caller(audio, 100, 100))
        .isInstanceOf(IndexOutOfBoundsException.class);
    assertThatThrownBy(() -> recorder.caller(audio, -1, 10))
        .isInstanceOf(IndexOutOfBoundsException.class);
    assertThatThrownBy(() -> recorder.reply(audio, 0, 161))
        .isInstanceOf(IndexOutOfBoundsException.class);
    short[] tooLong = new short[8_000 + 1];
    assertThatThrownBy(() -> recorder.caller(tooLong, 0, tooLong.length))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("1000 ms");
    onLoop(recorder::close);
  }
}
