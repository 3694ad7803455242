package io.switchboard.crud.report;

import io.switchboard.crud.report.Overview.Durations;
import io.switchboard.crud.report.Overview.InboxLoad;
import io.switchboard.crud.report.Overview.MinuteCount;
import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Reads the supervisors' overview of a tenant inside its transaction. */
public final class ReportStore {

  /** Minutes the messages-per-minute series covers. */
  public static final int MINUTES = 30;

  /** The tenant's overview now. */
  public Future<Overview> overview(SqlConnection tx) {
    Future<RowSet<Row>> inboxes = tx.query(ReportSql.INBOXES).execute();
    Future<RowSet<Row>> first = tx.query(ReportSql.FIRST_RESPONSE).execute();
    Future<RowSet<Row>> resolution = tx.query(ReportSql.RESOLUTION).execute();
    Future<RowSet<Row>> calls = tx.query(ReportSql.LIVE_CALLS).execute();
    Future<RowSet<Row>> minutes =
        tx.preparedQuery(ReportSql.MESSAGES_PER_MINUTE).execute(Tuple.of(MINUTES));
    // The connection pipelines the five; they are read together.
    return Future.all(inboxes, first, resolution, calls, minutes)
        .map(
            all -> {
              Row live = calls.result().iterator().next();
              return new Overview(
                  Instant.now(),
                  loads(inboxes.result()),
                  durations(first.result()),
                  durations(resolution.result()),
                  live.getLong("n"),
                  series(minutes.result(), live.getOffsetDateTime("minute").toInstant()));
            });
  }

  private static List<InboxLoad> loads(RowSet<Row> rows) {
    List<InboxLoad> loads = new ArrayList<>();
    for (Row row : rows) {
      OffsetDateTime oldest = row.getOffsetDateTime("oldest_waiting");
      loads.add(
          new InboxLoad(
              row.getUUID("id").toString(),
              row.getString("name"),
              row.getString("channel"),
              row.getLong("open"),
              row.getLong("unassigned"),
              row.getLong("waiting"),
              oldest == null ? null : oldest.toInstant()));
    }
    return loads;
  }

  private static Durations durations(RowSet<Row> rows) {
    Row row = rows.iterator().next();
    return new Durations(row.getLong("n"), row.getDouble("p50"), row.getDouble("p90"));
  }

  /** Every minute of the window, those without messages at 0. */
  private static List<MinuteCount> series(RowSet<Row> rows, Instant currentMinute) {
    Map<Instant, Long> counts = new HashMap<>();
    for (Row row : rows) {
      counts.put(row.getOffsetDateTime("minute").toInstant(), row.getLong("n"));
    }
    List<MinuteCount> series = new ArrayList<>();
    for (int back = MINUTES - 1; back >= 0; back--) {
      Instant minute = currentMinute.minus(back, ChronoUnit.MINUTES);
      series.add(new MinuteCount(minute, counts.getOrDefault(minute, 0L)));
    }
    return series;
  }
}
