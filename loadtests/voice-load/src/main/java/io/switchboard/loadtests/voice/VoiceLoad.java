package io.switchboard.loadtests.voice;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.nio.file.Files;

/**
 * Telephony load client: holds many provider media streams on a node at real-time pacing (capacity
 * mode), or times the node's spoken replies (reply mode, {@code --speakers K}); prints progress to
 * standard error and one {@code RESULT key=value ...} line, and writes a JSON summary with {@code
 * --json}.
 */
public final class VoiceLoad {

  /** Exit code of a run that could not start or failed. */
  static final int FAILED = 3;

  private VoiceLoad() {}

  public static void main(String[] args) {
    LoadSettings settings;
    try {
      settings = LoadSettings.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println("voice-load: " + e.getMessage());
      System.exit(FAILED);
      return;
    }
    Vertx vertx =
        Vertx.vertx(
            new VertxOptions()
                .setPreferNativeTransport(true)
                .setEventLoopPoolSize(Math.max(1, settings.eventLoops())));
    int code = 0;
    try {
      RunResult result = run(vertx, settings).await();
      System.out.println(result.line());
      if (settings.json() != null) {
        Files.writeString(settings.json(), result.json().encodePrettily());
      }
    } catch (Exception e) {
      System.err.println("voice-load: " + e.getMessage());
      code = FAILED;
    } finally {
      vertx.close().await();
    }
    System.exit(code);
  }

  /** Runs what {@code settings} asks for on {@code vertx}. */
  static Future<RunResult> run(Vertx vertx, LoadSettings settings) {
    NodeClient node = new NodeClient(vertx, settings);
    System.err.println("voice-load: synthesising the callers' sentences");
    return node.ensureTenant()
        .compose(v -> LineAudio.speak(vertx))
        .compose(
            audio ->
                ClientLoops.start(vertx, settings.eventLoops())
                    .map(
                        loops -> {
                          System.err.println(
                              settings.speakers() > 0
                                  ? "voice-load: "
                                      + settings.speakers()
                                      + " speakers, "
                                      + settings.rounds()
                                      + " rounds"
                                  : "voice-load: "
                                      + settings.streams()
                                      + " streams over "
                                      + settings.rampSeconds()
                                      + " s, then "
                                      + settings.seconds()
                                      + " s steady");
                          return settings.speakers() > 0
                              ? new ReplyRun(vertx, settings, node, audio, loops).run()
                              : new CapacityRun(vertx, settings, node, audio, loops).run();
                        }))
        .compose(f -> f);
  }
}
