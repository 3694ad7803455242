package io.switchboard.crud.db;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.platform.testing.TestServices;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

@DisplayName("The tenant's row during a tenant's writes")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TenantRowLocksTest {

  private Vertx vertx;
  private Pool pool;
  private TenantTransactions tx;
  private final String tenant = "locks-" + UUID.randomUUID().toString().substring(0, 8);

  @BeforeAll
  void start() {
    vertx = Vertx.vertx();
    Migrations.migrate(vertx, TestServices.postgresUrl()).await();
    pool = TenantDataPool.create(vertx, TestServices.postgresUrl(), 2);
    tx = new TenantTransactions(pool);
    tx.inTenant(tenant, c -> TenantRows.insert(c, tenant)).await();
  }

  @AfterAll
  void stop() {
    pool.close().await();
    vertx.close().await();
  }

  @Test
  @DisplayName(
      "an audit entry and a stored idempotent response lock nothing of the tenant's row, so writes"
          + " of one tenant at the same time do not share a lock on it")
  void bookkeepingLeavesTheTenantRowAlone() {
    Boolean free =
        tx.inTenant(
                tenant,
                c ->
                    c.preparedQuery(
                            "INSERT INTO audit_log (tenant_id, actor, action, entity, entity_id)"
                                + " VALUES ($1, 'admin-1', 'create', 'message', '1')")
                        .execute(Tuple.of(tenant))
                        .compose(
                            audited ->
                                c.preparedQuery(
                                        "INSERT INTO idempotency_keys (tenant_id, actor, key,"
                                            + " request_hash, status, body)"
                                            + " VALUES ($1, 'admin-1', 'k-1', 'h', 201, '{}')")
                                    .execute(Tuple.of(tenant)))
                        // Still inside that transaction: the lock a foreign key takes would make
                        // this wait, and NOWAIT fail.
                        .compose(
                            stored ->
                                pool.withConnection(
                                    other ->
                                        other
                                            .preparedQuery(
                                                "SELECT 1 FROM tenants WHERE id = $1"
                                                    + " FOR UPDATE NOWAIT")
                                            .execute(Tuple.of(tenant))))
                        .map(locked -> locked.size() == 1))
            .await();
    assertThat(free).isTrue();
  }
}
