package io.switchboard.server.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.platform.config.SwitchboardConfig;
import io.switchboard.server.NodeFixture;
import java.net.URI;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("The embedded PostgreSQL")
class EmbeddedServicesTest {

  @TempDir Path dataDir;

  private SwitchboardConfig embeddedPostgres(Map<String, String> extra) {
    Map<String, String> props = new HashMap<>(extra);
    props.put("switchboard.postgres.url", "");
    return NodeFixture.config(dataDir, props);
  }

  @Test
  @DisplayName("flushes every commit to disk by default: fsync and synchronous_commit are on")
  void durableByDefault() throws SQLException {
    try (EmbeddedServices embedded = EmbeddedServices.start(embeddedPostgres(Map.of()))) {
      assertThat(setting(embedded, "fsync")).isEqualTo("on");
      assertThat(setting(embedded, "synchronous_commit")).isEqualTo("on");
      assertThat(embedded.started()).noneMatch(line -> line.contains("NOT crash-safe"));
    }
  }

  @Test
  @DisplayName("skips the flushes only when postgres.embedded-durable is false, and says so")
  void unsafeOnlyWhenAskedFor() throws SQLException {
    try (EmbeddedServices embedded =
        EmbeddedServices.start(
            embeddedPostgres(Map.of("switchboard.postgres.embedded-durable", "false")))) {
      assertThat(setting(embedded, "fsync")).isEqualTo("off");
      assertThat(setting(embedded, "synchronous_commit")).isEqualTo("off");
      assertThat(embedded.started())
          .anyMatch(
              line ->
                  line.startsWith("PostgreSQL at")
                      && line.contains(
                          "NOT crash-safe: postgres.embedded-durable is false, so fsync and"
                              + " synchronous_commit are off"));
    }
  }

  @Test
  @DisplayName(
      "is not started a second time on a data folder a running node uses: the second start is"
          + " refused with the folder named, the first keeps serving")
  void dataFolderInUse() throws SQLException {
    try (EmbeddedServices first = EmbeddedServices.start(embeddedPostgres(Map.of()))) {
      assertThatThrownBy(() -> EmbeddedServices.start(embeddedPostgres(Map.of())))
          .isInstanceOf(EmbeddedServicesException.class)
          .hasMessageStartingWith("the data folder " + dataDir.toAbsolutePath().normalize())
          .hasMessageContaining("is in use by another running Switchboard node (pid ");
      assertThat(setting(first, "fsync")).isEqualTo("on");
    }
  }

  private static String setting(EmbeddedServices embedded, String name) throws SQLException {
    URI url = URI.create(embedded.config().postgres().url());
    String jdbc = "jdbc:postgresql://" + url.getHost() + ":" + url.getPort() + url.getPath();
    try (Connection connection = DriverManager.getConnection(jdbc, "postgres", "");
        Statement statement = connection.createStatement();
        ResultSet row = statement.executeQuery("SHOW " + name)) {
      row.next();
      return row.getString(1);
    }
  }
}
