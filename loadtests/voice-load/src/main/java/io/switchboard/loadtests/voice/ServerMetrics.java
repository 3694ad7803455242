package io.switchboard.loadtests.voice;

import io.vertx.core.Future;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import java.util.HashMap;
import java.util.Map;

/**
 * One reading of a node's {@code /metrics} (Prometheus text): each sample by its name and labels as
 * written, e.g. {@code switchboard_voice_frame_delay_seconds{quantile="0.99"}}.
 */
record ServerMetrics(Map<String, Double> samples) {

  static final String FRAME_DELAY = "switchboard_voice_frame_delay_seconds";
  static final String FRAME_PROCESSING = "switchboard_voice_frame_processing_seconds";
  static final String REPLY_LATENCY = "switchboard_voice_reply_latency_seconds";
  static final String CALLS_ACTIVE = "switchboard_voice_calls_active";

  /** Reads {@code /metrics} from the node {@code base} names. */
  static Future<ServerMetrics> read(HttpClient http, RequestOptions base) {
    return http.request(new RequestOptions(base).setMethod(HttpMethod.GET).setURI("/metrics"))
        .compose(request -> request.send())
        .compose(response -> response.body())
        .map(body -> parse(body.toString()));
  }

  static ServerMetrics parse(String text) {
    Map<String, Double> samples = new HashMap<>();
    for (String line : text.split("\n")) {
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      int space = line.lastIndexOf(' ');
      if (space <= 0) {
        continue;
      }
      try {
        samples.put(line.substring(0, space).trim(), Double.parseDouble(line.substring(space + 1)));
      } catch (NumberFormatException notANumber) {
        // A sample we cannot read is one we do not report.
      }
    }
    return new ServerMetrics(Map.copyOf(samples));
  }

  /** The {@code quantile} of a summary in milliseconds, or NaN when the node has none. */
  double quantileMs(String name, String quantile) {
    return value(name, "quantile=\"" + quantile + "\"") * 1000;
  }

  /** How many values a summary has recorded. */
  double count(String name) {
    return value(name + "_count", "");
  }

  /** Sum of a summary's values, in its unit. */
  double sum(String name) {
    return value(name + "_sum", "");
  }

  /**
   * The sample named {@code name} whose labels include {@code label} (any labels when empty), the
   * node's common tags aside; NaN when there is none.
   */
  double value(String name, String label) {
    for (Map.Entry<String, Double> sample : samples.entrySet()) {
      String key = sample.getKey();
      boolean named = key.equals(name) || key.startsWith(name + "{");
      if (named && key.contains(label)) {
        return sample.getValue();
      }
    }
    return Double.NaN;
  }
}
