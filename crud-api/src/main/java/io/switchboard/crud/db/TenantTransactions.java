package io.switchboard.crud.db;

import io.switchboard.platform.auth.TenantKeys;
import io.switchboard.platform.error.Invalid;
import io.switchboard.platform.error.SwitchboardException;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import io.vertx.sqlclient.internal.Connection;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * Runs work in a transaction scoped to one tenant: the transaction switches to the role that
 * row-level security applies to and sets {@code app.tenant_id}, so even a query that forgets its
 * tenant filter sees and changes only that tenant's rows.
 */
public final class TenantTransactions {

  /** The role every tenant transaction runs as; created by the first migration. */
  public static final String APP_ROLE = "switchboard_app";

  // A one-trip read looks rows up by id, for which the plan PostgreSQL keeps for a prepared
  // statement is as good as a fresh one; left to choose, it plans statements whose filters are
  // optional afresh every time, which costs more than running them. Its rows come back as text,
  // where timestamps carry the session's time zone: TenantDataPool's sessions are in UTC, so they
  // read as the binary ones of every other statement do.
  private static final String READ_SETTINGS =
      ", set_config('plan_cache_mode', 'force_generic_plan', true)";

  // A read in one message needs no BEGIN or COMMIT: PostgreSQL runs the statements of one simple
  // query as one transaction, which this makes read-only as BEGIN READ ONLY would.
  private static final String ONE_MESSAGE_READ_SETTINGS =
      READ_SETTINGS + ", set_config('transaction_read_only', 'on', true)";

  /** When a transaction's work is sent, relative to its opening check. */
  public enum WorkStart {
    /** Right behind the check, in the same write: for reads, whose result a refusal replaces. */
    WITH_CHECK,
    /**
     * Once the check has let it: for changes, which must run none of their statements if refused.
     */
    AFTER_CHECK
  }

  private final Pool pool;
  private final PreparedNames names = new PreparedNames();

  public TenantTransactions(Pool pool) {
    this.pool = pool;
  }

  /**
   * Runs {@code work} in one transaction as {@code tenantId}; commits when it succeeds, rolls back
   * when it fails.
   */
  public <T> Future<T> inTenant(String tenantId, Function<SqlConnection, Future<T>> work) {
    return inTenant(tenantId, (connection, commit) -> work.apply(connection));
  }

  /**
   * As {@link #inTenant(String, Function)}, for work that may end the transaction itself with the
   * {@link Commit} it is given, right behind its last statement. Once the work has sent it, nothing
   * more is sent: the transaction's outcome is the work's.
   */
  public <T> Future<T> inTenant(
      String tenantId, BiFunction<SqlConnection, Commit, Future<T>> work) {
    return inTenant(tenantId, null, WorkStart.WITH_CHECK, work);
  }

  /**
   * As {@link #inTenant(String, BiFunction)}, opened with {@code check} (none when null), whose
   * refusal is the transaction's failure; {@code start} says whether the work waits for it.
   */
  public <T> Future<T> inTenant(
      String tenantId,
      OpeningCheck check,
      WorkStart start,
      BiFunction<SqlConnection, Commit, Future<T>> work) {
    String opening;
    OpeningCheck asked;
    try {
      asked = asked(tenantId, check);
      opening = opening("BEGIN", tenantId, "", asked);
    } catch (SwitchboardException refused) {
      return Future.failedFuture(refused);
    }
    return pool.withConnection(
        connection -> {
          // Without a check to wait for, nothing is awaited before the work: the opening and the
          // work's first statement travel in one write and PostgreSQL runs them in order, so the
          // work still runs inside the transaction as the tenant. A read of one statement costs two
          // round trips this way (that write, then COMMIT). If the opening fails, every statement
          // after it fails too, and the transaction is rolled back.
          Future<Void> opened = open(connection, opening, asked);
          EarlyCommit commit = new EarlyCommit(connection);
          Future<T> result =
              start == WorkStart.AFTER_CHECK && asked != null
                  ? opened.compose(allowed -> run(work, connection, commit))
                  : run(work, connection, commit);
          // join, not all: the end of the transaction waits for the work to finish, so no
          // statement of the work can come after it and run outside the transaction.
          return Future.join(opened, result)
              .transform(
                  all -> {
                    // A refusal or a failed opening says more than the work's statements, which
                    // then fail as well.
                    Throwable failure =
                        opened.failed() ? opened.cause() : result.failed() ? result.cause() : null;
                    if (commit.sent != null) {
                      // Ended by the work: committed only if its statements and the commit were.
                      return commit.sent.transform(
                          committed ->
                              failure != null
                                  ? Future.failedFuture(failure)
                                  : committed.failed()
                                      ? Future.failedFuture(committed.cause())
                                      : result);
                    }
                    return failure == null
                        ? connection.query("COMMIT").execute().map(committed -> result.result())
                        : connection
                            .query("ROLLBACK")
                            .execute()
                            .otherwiseEmpty()
                            .compose(rolledBack -> Future.failedFuture(failure));
                  });
        });
  }

  private static <T> Future<T> run(
      BiFunction<SqlConnection, Commit, Future<T>> work, SqlConnection connection, Commit commit) {
    try {
      return work.apply(connection, commit);
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
  }

  /**
   * The one message that opens a tenant transaction: {@code begin} (none when null: the statements
   * of one simple query are one transaction already), entering the tenant (the role that row-level
   * security applies to, and {@code app.tenant_id}, both transaction-local so that a pooled
   * connection never carries one tenant into the next transaction) with {@code settings}, then the
   * check. A simple query: PostgreSQL runs its statements in order and answers them together, where
   * a prepared statement each would cost a reply and a flush apiece.
   */
  private static String opening(
      String begin, String tenantId, String settings, OpeningCheck check) {
    String entered =
        (begin == null ? "" : begin + "; ")
            + "SELECT set_config('role', '"
            + APP_ROLE
            + "', true), set_config('app.tenant_id', '"
            + tenantId
            + "', true)"
            + settings;
    return check == null ? entered : entered + "; " + check.sql(tenantId);
  }

  /**
   * {@code check} as this transaction of {@code tenantId} puts it (see {@link
   * OpeningCheck#forTransaction}); null when there is nothing to ask. Fails with {@link Invalid}
   * for a key that is not a tenant slug, before anything else: the key is written into the
   * opening's text, so nothing but a well-formed key may reach it.
   */
  private static OpeningCheck asked(String tenantId, OpeningCheck check) {
    if (!TenantKeys.valid(tenantId)) {
      throw Invalid.field("tenant", "must be a lowercase slug of letters, digits and dashes");
    }
    return check == null ? null : check.forTransaction(tenantId);
  }

  private static Future<Void> open(SqlConnection connection, String opening, OpeningCheck check) {
    Future<RowSet<Row>> begun = connection.query(opening).execute();
    // The replies come in the statements' order: BEGIN's, entering's, then the check's.
    return check == null
        ? begun.mapEmpty()
        : begun.compose(replies -> check.verdict(replies.next().next()));
  }

  /** The COMMIT a work sends itself; sent once at most. */
  private static final class EarlyCommit implements Commit {
    private final SqlConnection connection;
    // Touched only on the connection's event loop.
    private Future<Void> sent;

    EarlyCommit(SqlConnection connection) {
      this.connection = connection;
    }

    @Override
    public Future<Void> now() {
      if (sent == null) {
        sent = connection.query("COMMIT").execute().mapEmpty();
      }
      return sent;
    }
  }

  /**
   * Runs the read {@code work} as {@code tenantId} in one round trip: entering the tenant in a
   * read-only transaction and every statement {@code work} sends while it runs travel as one simple
   * query, which PostgreSQL runs as one transaction and answers with one reply and one send. The
   * work's statements run there as SQL-level prepared statements ({@code EXECUTE name(values)}),
   * prepared once per connection, with their values written in; a statement with a value that is
   * not written as a literal (see {@link SqlLiterals}) is sent with parameters instead, behind the
   * opening in the same write. A statement sent later, from a callback, would come after the commit
   * and run outside the tenant; it is refused instead, and the read fails. Use {@link #inTenant}
   * for reads whose statements depend on one another.
   */
  public <T> Future<T> readInOneTrip(String tenantId, Function<Statements, Future<T>> work) {
    return readInOneTrip(tenantId, null, work);
  }

  /**
   * As {@link #readInOneTrip(String, Function)}, opened with {@code check} (none when null), whose
   * refusal replaces the work's result.
   */
  public <T> Future<T> readInOneTrip(
      String tenantId, OpeningCheck check, Function<Statements, Future<T>> work) {
    OpeningCheck asked;
    try {
      asked = asked(tenantId, check);
    } catch (SwitchboardException refused) {
      return Future.failedFuture(refused);
    }
    return pool.withConnection(
        connection -> {
          Collected statements = new Collected();
          Future<T> done;
          try {
            done = work.apply(statements);
          } catch (RuntimeException e) {
            done = Future.failedFuture(e);
          }
          statements.seal();
          Connection database = PreparedNames.underlying(connection);
          if (database == null || !statements.written()) {
            return sentApart(
                connection,
                opening("BEGIN READ ONLY", tenantId, READ_SETTINGS, asked),
                asked,
                statements,
                done);
          }
          Future<T> result = done;
          String opening = opening(null, tenantId, ONE_MESSAGE_READ_SETTINGS, asked);
          return prepared(connection, database, tenantId, statements)
              .compose(ready -> inOneMessage(connection, opening, asked, statements, result));
        });
  }

  /** The read as one simple query; its statements are prepared on the connection already. */
  private <T> Future<T> inOneMessage(
      SqlConnection connection,
      String opening,
      OpeningCheck check,
      Collected statements,
      Future<T> done) {
    StringBuilder text = new StringBuilder(opening);
    for (Collected.Sent statement : statements.sent) {
      text.append("; EXECUTE ").append(names.of(statement.sql()));
      if (!statement.literals().isEmpty()) {
        text.append('(').append(String.join(", ", statement.literals())).append(')');
      }
    }
    return connection
        .query(text.toString())
        .execute()
        .transform(
            replies -> {
              if (replies.failed()) {
                // The transaction ended with the failed statement: PostgreSQL rolls back a simple
                // query's implicit transaction when one of its statements fails.
                statements.failAll(replies.cause());
                return done.transform(
                    result -> result.failed() ? done : Future.failedFuture(replies.cause()));
              }
              // The replies come in the statements' order: entering's, the check's, then the
              // work's.
              RowSet<Row> reply = replies.result();
              Future<Void> verdict = Future.succeededFuture();
              if (check != null) {
                reply = reply.next();
                verdict = check.verdict(reply);
              }
              for (Collected.Sent statement : statements.sent) {
                reply = reply.next();
                statement.answer().complete(reply);
              }
              Future<Void> allowed = verdict;
              return Future.join(allowed, done)
                  .transform(all -> allowed.failed() ? Future.failedFuture(allowed.cause()) : done);
            });
  }

  /**
   * Prepares, in one message, those of the read's statements that the connection has not prepared
   * yet; nothing is sent when it has them all. They are prepared as the tenant's role, which is
   * what they run as.
   */
  private Future<Void> prepared(
      SqlConnection connection, Connection database, String tenantId, Collected statements) {
    Map<String, String> missing = new LinkedHashMap<>();
    for (Collected.Sent statement : statements.sent) {
      String name = names.of(statement.sql());
      if (!names.has(database, name)) {
        missing.put(name, statement.sql());
      }
    }
    if (missing.isEmpty()) {
      return Future.succeededFuture();
    }
    StringBuilder text = new StringBuilder(opening("BEGIN READ ONLY", tenantId, "", null));
    missing.forEach(
        (name, sql) -> text.append("; PREPARE ").append(name).append(" AS ").append(sql));
    text.append("; COMMIT");
    return connection
        .query(text.toString())
        .execute()
        .transform(
            done -> {
              if (done.succeeded()) {
                missing.keySet().forEach(name -> names.add(database, name));
                return Future.succeededFuture();
              }
              // A prepared statement outlives a failed transaction: some of these may exist now
              // (or did, from an earlier try that failed after preparing them). Ask which.
              return connection
                  .query("ROLLBACK")
                  .execute()
                  .otherwiseEmpty()
                  .compose(rolledBack -> connection.query(EXISTING).execute())
                  .compose(
                      existing -> {
                        existing.forEach(row -> names.add(database, row.getString(0)));
                        return missing.keySet().stream().allMatch(n -> names.has(database, n))
                            ? Future.succeededFuture()
                            : Future.<Void>failedFuture(done.cause());
                      });
            });
  }

  private static final String EXISTING =
      "SELECT name FROM pg_prepared_statements WHERE starts_with(name, '"
          + PreparedNames.PREFIX
          + "')";

  /**
   * The read as before one message could carry it: the opening, then each statement with its
   * parameters, then {@code COMMIT}, in one write, three replies at least.
   */
  private static <T> Future<T> sentApart(
      SqlConnection connection,
      String opening,
      OpeningCheck check,
      Collected statements,
      Future<T> done) {
    Future<Void> opened = open(connection, opening, check);
    for (Collected.Sent statement : statements.sent) {
      connection
          .preparedQuery(statement.sql())
          .execute(statement.params())
          .onComplete(statement.answer());
    }
    // After a failed statement PostgreSQL answers this COMMIT with a rollback.
    Future<?> committed = connection.query("COMMIT").execute();
    return Future.join(opened, done, committed)
        // A refusal comes first; then the work's own failure (a 404, say), which says more than a
        // statement around it; any other failure withholds the result too, as it may not have run
        // as the tenant.
        .transform(
            all ->
                opened.failed()
                    ? Future.failedFuture(opened.cause())
                    : all.succeeded() || done.failed() ? done : Future.failedFuture(all.cause()));
  }

  /**
   * The statements of a one-trip read, kept until the work has sent them all and answered once the
   * read has run; refused once the read is sealed.
   */
  private static final class Collected implements Statements {

    record Sent(String sql, Tuple params, List<String> literals, Promise<RowSet<Row>> answer) {}

    final List<Sent> sent = new ArrayList<>(1);
    // Touched only on the connection's event loop.
    private boolean sealed;
    private boolean written = true;

    @Override
    public Future<RowSet<Row>> execute(String sql, Tuple params) {
      if (sealed) {
        return Future.failedFuture(
            new IllegalStateException("a one-trip read sent a statement after its commit: " + sql));
      }
      List<String> literals = new ArrayList<>(params.size());
      for (int i = 0; i < params.size(); i++) {
        String literal = SqlLiterals.literal(params.getValue(i));
        if (literal == null) {
          written = false;
        }
        literals.add(literal);
      }
      Promise<RowSet<Row>> answer = Promise.promise();
      sent.add(new Sent(sql, params, literals, answer));
      return answer.future();
    }

    void seal() {
      sealed = true;
    }

    /** Whether every value of every statement is written as a literal. */
    boolean written() {
      return written;
    }

    void failAll(Throwable failure) {
      sent.forEach(statement -> statement.answer().tryFail(failure));
    }
  }
}
