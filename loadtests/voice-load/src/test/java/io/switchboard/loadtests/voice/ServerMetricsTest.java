package io.switchboard.loadtests.voice;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Reading a node's Prometheus metrics")
class ServerMetricsTest {

  private static final String TEXT =
      """
      # HELP switchboard_voice_frame_delay_seconds How late
      # TYPE switchboard_voice_frame_delay_seconds summary
      switchboard_voice_frame_delay_seconds{node="a",quantile="0.5"} 0.0015
      switchboard_voice_frame_delay_seconds{node="a",quantile="0.99"} 0.012
      switchboard_voice_frame_delay_seconds_count{node="a"} 4000
      switchboard_voice_frame_delay_seconds_sum{node="a"} 8.0
      switchboard_voice_calls_active{node="a"} 80.0
      broken_line
      not_a_number{x="1"} abc
      """;

  @Test
  @DisplayName(
      "quantiles in milliseconds, counts and gauges are read whatever common labels ride along")
  void reads() {
    ServerMetrics m = ServerMetrics.parse(TEXT);
    assertThat(m.quantileMs(ServerMetrics.FRAME_DELAY, "0.5")).isEqualTo(1.5);
    assertThat(m.quantileMs(ServerMetrics.FRAME_DELAY, "0.99")).isEqualTo(12.0);
    assertThat(m.count(ServerMetrics.FRAME_DELAY)).isEqualTo(4000);
    assertThat(m.sum(ServerMetrics.FRAME_DELAY)).isEqualTo(8.0);
    assertThat(m.value(ServerMetrics.CALLS_ACTIVE, "")).isEqualTo(80);
  }

  @Test
  @DisplayName("a metric the node does not have, and lines that are not samples, read as NaN")
  void missing() {
    ServerMetrics m = ServerMetrics.parse(TEXT);
    assertThat(m.quantileMs(ServerMetrics.FRAME_DELAY, "0.999")).isNaN();
    assertThat(m.value("not_a_number", "")).isNaN();
    assertThat(m.value("broken_line", "")).isNaN();
    assertThat(m.count(ServerMetrics.REPLY_LATENCY)).isNaN();
  }
}
