package io.switchboard.voice.telephony;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@DisplayName("Telephony media stream events, as providers send them")
class TelephonyFramesTest {

  @Test
  @DisplayName("A provider's start carries the stream id, the format and the custom parameters")
  void start() {
    TelephonyEvent event =
        TelephonyFrames.read(
            """
            {"event":"start","sequenceNumber":"1","streamSid":"MZ1",
             "start":{"streamSid":"MZ1","callSid":"CA1","tracks":["inbound"],
              "mediaFormat":{"encoding":"audio/x-mulaw","sampleRate":8000,"channels":1},
              "customParameters":{"tenant":"acme","token":"t"}}}""");
    assertThat(event)
        .isEqualTo(
            new TelephonyEvent.Start(
                "MZ1",
                "CA1",
                "audio/x-mulaw",
                8000,
                java.util.Map.of("tenant", "acme", "token", "t")));
  }

  @Test
  @DisplayName("Media numbers may come as strings or numbers")
  void media() {
    assertThat(
            TelephonyFrames.read(
                "{\"event\":\"media\",\"media\":{\"chunk\":\"7\",\"timestamp\":\"140\",\"payload\":\"//8=\"}}"))
        .isEqualTo(new TelephonyEvent.Media(7, 140, "//8="));
    assertThat(
            TelephonyFrames.read(
                "{\"event\":\"media\",\"media\":{\"chunk\":7,\"timestamp\":140,\"payload\":\"\"}}"))
        .isEqualTo(new TelephonyEvent.Media(7, 140, ""));
  }

  @Test
  @DisplayName("dtmf, mark, stop and connected are read")
  void others() {
    assertThat(TelephonyFrames.read("{\"event\":\"dtmf\",\"dtmf\":{\"digit\":\"#\"}}"))
        .isEqualTo(new TelephonyEvent.Dtmf('#'));
    assertThat(TelephonyFrames.read("{\"event\":\"mark\",\"mark\":{\"name\":\"a:0\"}}"))
        .isEqualTo(new TelephonyEvent.Mark("a:0"));
    assertThat(TelephonyFrames.read("{\"event\":\"stop\",\"stop\":{}}"))
        .isEqualTo(new TelephonyEvent.Stop());
    assertThat(TelephonyFrames.read("{\"event\":\"connected\"}"))
        .isEqualTo(new TelephonyEvent.Connected());
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "not json|not a JSON object",
        "[1,2]|not a JSON object",
        "{}|no event name",
        "{\"event\":3}|no event name",
        "{\"event\":\"bogus\"}|unknown event bogus",
        "{\"event\":\"media\"}|media must be an object",
        "{\"event\":\"media\",\"media\":{\"chunk\":\"1\"}}|media.payload must be a base64 string",
        "{\"event\":\"media\",\"media\":{\"chunk\":\"-1\",\"payload\":\"\"}}|media.chunk must be a whole number",
        "{\"event\":\"media\",\"media\":{\"chunk\":0,\"payload\":\"\"}}|media.chunk must be at least 1",
        "{\"event\":\"media\",\"media\":{\"chunk\":1.5,\"payload\":\"\"}}|media.chunk must be a whole number",
        "{\"event\":\"start\",\"start\":{}}|start.streamSid must be 1 to 128 characters",
        "{\"event\":\"start\",\"start\":{\"streamSid\":\"M\",\"mediaFormat\":{\"encoding\":\"audio/opus\"}}}|start.mediaFormat.encoding must be audio/x-mulaw or audio/x-alaw",
        "{\"event\":\"start\",\"start\":{\"streamSid\":\"M\",\"mediaFormat\":{\"sampleRate\":16000}}}|start.mediaFormat.sampleRate must be 8000",
        "{\"event\":\"start\",\"start\":{\"streamSid\":\"M\",\"mediaFormat\":{\"channels\":2}}}|start.mediaFormat.channels must be 1",
        "{\"event\":\"start\",\"start\":{\"streamSid\":\"M\",\"customParameters\":{\"tenant\":5}}}|start.customParameters.tenant must be a string",
        "{\"event\":\"dtmf\",\"dtmf\":{\"digit\":\"x\"}}|dtmf.digit must be one of 0-9, *, #, A-D",
        "{\"event\":\"mark\",\"mark\":{}}|mark.name must be a string",
      })
  @DisplayName("A frame that cannot be read is refused with what is wrong with it")
  void refused(String frame, String problem) {
    assertThatThrownBy(() -> TelephonyFrames.read(frame))
        .isInstanceOf(BadTelephonyFrame.class)
        .hasMessageStartingWith(problem);
  }

  @Test
  @DisplayName("What the hub sends back is the providers' media, mark and clear")
  void outgoing() {
    assertThat(new JsonObject(TelephonyFrames.media("MZ\"1", "AAEC")))
        .isEqualTo(
            new JsonObject()
                .put("event", "media")
                .put("streamSid", "MZ\"1")
                .put("media", new JsonObject().put("payload", "AAEC")));
    assertThat(new JsonObject(TelephonyFrames.mark("MZ1", "r:0")))
        .isEqualTo(
            new JsonObject()
                .put("event", "mark")
                .put("streamSid", "MZ1")
                .put("mark", new JsonObject().put("name", "r:0")));
    assertThat(new JsonObject(TelephonyFrames.clear("MZ1")))
        .isEqualTo(new JsonObject().put("event", "clear").put("streamSid", "MZ1"));
  }
}
