package io.switchboard.loadtests.faults;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.loadtests.faults.Settings.Fault;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@DisplayName("Fault suite, short version")
class FaultSuiteTest {

  /** Built by the server module, which the reactor builds before this one. */
  private static final Path JAR = Path.of("../../server/target/switchboard.jar");

  @Test
  @Timeout(300)
  @DisplayName(
      "a node killed with -9 and started again under chat load: every acknowledged message is"
          + " stored in PostgreSQL and reaches every subscriber of its conversation exactly once")
  void killedNodeLosesNothingAcknowledged() {
    assertThat(Files.isRegularFile(JAR))
        .as("%s exists (./mvnw -DskipTests package -pl server -am)", JAR.toAbsolutePath())
        .isTrue();
    Settings settings =
        new Settings(
            JAR,
            2,
            3,
            250,
            List.of(Fault.KILL_NODE),
            false,
            Duration.ofSeconds(2),
            Duration.ofSeconds(4),
            Duration.ofSeconds(2),
            Duration.ZERO,
            Duration.ZERO);
    try (FaultSuite suite = new FaultSuite(settings)) {
      List<PhaseResult> results = suite.run();
      System.out.println(Report.table(results));
      System.out.println(Report.findings(results));

      PhaseResult kill = results.get(1);
      assertThat(kill.name()).isEqualTo("kill-node");
      assertThat(kill.acked()).as("messages acknowledged around the kill").isPositive();
      for (PhaseResult phase : results) {
        assertThat(phase.lost()).as("%s lost: %s", phase.name(), phase.findings()).isZero();
        assertThat(phase.duplicated())
            .as("%s duplicated: %s", phase.name(), phase.findings())
            .isZero();
        assertThat(phase.stored()).as("%s stored", phase.name()).isEqualTo(phase.acked());
      }
    }
  }
}
