package io.switchboard.crud.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.crud.db.Commit;
import io.switchboard.crud.db.TenantDataPool;
import io.switchboard.crud.db.TenantTransactions;
import io.switchboard.crud.message.MessageStore;
import io.switchboard.crud.message.MessageStore.Append;
import io.switchboard.crud.message.MessageStore.NewMessage;
import io.switchboard.platform.auth.Caller;
import io.switchboard.platform.auth.Role;
import io.switchboard.platform.testing.TestServices;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("A message batch's append")
class AppendPlanTest {

  @Test
  @DisplayName(
      "makes no sequential scan of messages, with the plan its connection kept while the table was"
          + " small, nor after the table grew")
  void indexLookupsAfterTheTableGrew() {
    String database = "plan_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    String url = TestServices.postgresUrl().replaceFirst("/[^/?]+(\\?|$)", "/" + database + "$1");
    Vertx adminVertx = Vertx.vertx();
    Pool admin = TenantDataPool.create(adminVertx, TestServices.postgresUrl(), 1);
    admin.query("CREATE DATABASE " + database).execute().await();
    ApiFixture api = ApiFixture.start(url, Map.of(), new PoolOptions());
    // One connection: every append runs on it, with the plans it keeps.
    Pool one = TenantDataPool.create(api.vertx, url, 1);
    try {
      String tenant = ApiFixture.tenant("plan");
      UUID inbox = api.inbox(tenant);
      UUID conversation = conversation(api, tenant, inbox);
      UUID crowded = conversation(api, tenant, inbox);
      Caller caller = new Caller(tenant, "admin-1", EnumSet.of(Role.ADMIN), Instant.MAX);
      TenantTransactions transactions = new TenantTransactions(one);
      MessageStore store = new MessageStore();

      // A small table, as a new deployment has: scanning it whole looks cheaper than its index.
      crowd(api, tenant, crowded, 1, 100);
      api.pool.query("ANALYZE messages").execute().await();
      // Past the runs PostgreSQL plans afresh: from here on the connection runs its kept plan.
      for (int batch = 0; batch < 10; batch++) {
        assertThat(seqScansOfMessages(transactions, store, caller, conversation, "early-" + batch))
            .isZero();
      }
      crowd(api, tenant, crowded, 101, 20_000);

      assertThat(seqScansOfMessages(transactions, store, caller, conversation, "late"))
          .as("sequential scans of messages by a batch once the table holds 20,000 rows")
          .isZero();
    } finally {
      one.close().await();
      api.close();
      admin.query("DROP DATABASE " + database + " WITH (FORCE)").execute().await();
      admin.close().await();
      adminVertx.close().await();
    }
  }

  /** Messages {@code from} to {@code to} of {@code conversation}, written as the database owner. */
  private static void crowd(ApiFixture api, String tenant, UUID conversation, int from, int to) {
    api.pool
        .preparedQuery(
            "INSERT INTO messages (tenant_id, conversation_id, \"offset\", author_kind,"
                + " author_id, body, private, client_message_id)"
                + " SELECT $1, $2, n, 'agent', 'admin-1', 'old', false, 'old-' || n"
                + " FROM generate_series($3::int, $4::int) n")
        .execute(Tuple.of(tenant, conversation, from, to))
        .await();
  }

  private static UUID conversation(ApiFixture api, String tenant, UUID inbox) {
    return UUID.fromString(
        api.conversation(tenant, inbox, api.contact(tenant, null), new JsonObject())
            .getString("id"));
  }

  /**
   * Appends three messages with client ids (so the append looks for earlier copies) and answers how
   * many sequential scans of {@code messages} their transaction made.
   */
  private static long seqScansOfMessages(
      TenantTransactions transactions,
      MessageStore store,
      Caller caller,
      UUID conversation,
      String prefix) {
    List<Append> batch = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      batch.add(new Append(caller, conversation, new NewMessage("m", false, prefix + "-" + i)));
    }
    return transactions
        .inTenant(
            caller.tenantId(),
            (tx, commit) ->
                store
                    .appendAll(tx, caller.tenantId(), batch, Commit.LATER, Promise.promise())
                    .compose(
                        outcomes -> {
                          assertThat(outcomes).allSatisfy(o -> assertThat(o.failure()).isNull());
                          return tx.query(
                                  "SELECT seq_scan FROM pg_stat_xact_user_tables"
                                      + " WHERE relname = 'messages'")
                              .execute();
                        }))
        .await()
        .iterator()
        .next()
        .getLong(0);
  }
}
