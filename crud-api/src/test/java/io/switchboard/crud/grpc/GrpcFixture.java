package io.switchboard.crud.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.AbstractStub;
import io.grpc.stub.MetadataUtils;
import io.switchboard.crud.CrudRoutes;
import io.switchboard.crud.db.Migrations;
import io.switchboard.crud.db.TenantTransactions;
import io.switchboard.crud.tenant.Tenants;
import io.switchboard.platform.auth.TokenVerifier;
import io.switchboard.platform.error.ProblemMapper;
import io.switchboard.platform.testing.TestServices;
import io.switchboard.platform.testing.TestTokens;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * One crud front on port 0, wired like the node's (body handler on {@code /api/*}, the crud routes
 * with their gRPC services, problem+json failures), and a stock grpc-java channel to it; a test
 * class starts one in {@code @BeforeAll} and closes it in {@code @AfterAll}.
 */
final class GrpcFixture {

  /** Longest a call may take before the test gives up on it instead of hanging. */
  static final long CALL_DEADLINE_SECONDS = 10;

  private static final Metadata.Key<String> AUTHORIZATION =
      Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);

  private static final Metadata.Key<String> IDEMPOTENCY_KEY =
      Metadata.Key.of("idempotency-key", Metadata.ASCII_STRING_MARSHALLER);

  final Vertx vertx;
  final Pool pool;
  final HttpServer server;
  final ManagedChannel channel;
  private final TokenVerifier verifier;

  private GrpcFixture(
      Vertx vertx, Pool pool, TokenVerifier verifier, HttpServer server, ManagedChannel channel) {
    this.vertx = vertx;
    this.pool = pool;
    this.verifier = verifier;
    this.server = server;
    this.channel = channel;
  }

  /** Migrates the test database and starts the front. */
  static GrpcFixture start() {
    Vertx vertx = Vertx.vertx();
    Migrations.migrate(vertx, TestServices.postgresUrl()).await();
    Pool pool =
        PgBuilder.pool()
            .connectingTo(PgConnectOptions.fromUri(TestServices.postgresUrl()))
            .using(vertx)
            .build();
    TokenVerifier verifier = TokenVerifier.create(vertx, TestTokens.authConfig()).await();
    Router router = Router.router(vertx);
    router.route("/api/*").handler(BodyHandler.create());
    new CrudRoutes(vertx, pool, verifier).mount(router);
    router.route().failureHandler(ProblemMapper::handle);
    HttpServer server = vertx.createHttpServer().requestHandler(router).listen(0).await();
    ManagedChannel channel =
        ManagedChannelBuilder.forAddress("127.0.0.1", server.actualPort()).usePlaintext().build();
    return new GrpcFixture(vertx, pool, verifier, server, channel);
  }

  /** Closes the channel, the front and the pool. */
  void stop() throws InterruptedException {
    channel.shutdownNow().awaitTermination(CALL_DEADLINE_SECONDS, TimeUnit.SECONDS);
    server.close().await();
    verifier.close();
    pool.close().await();
    vertx.close().await();
  }

  /** A tenant id no other test uses. */
  static String newTenant(String prefix) {
    return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
  }

  /** {@code stub} with a deadline and, unless null, {@code token} as its bearer token. */
  static <S extends AbstractStub<S>> S authorized(S stub, String token) {
    return withHeaders(stub, token, null);
  }

  /** {@code stub} with a bearer token and {@code key} as its {@code idempotency-key}. */
  static <S extends AbstractStub<S>> S idempotent(S stub, String token, String key) {
    return withHeaders(stub, token, key);
  }

  private static <S extends AbstractStub<S>> S withHeaders(S stub, String token, String key) {
    Metadata headers = new Metadata();
    if (token != null) {
      headers.put(AUTHORIZATION, "Bearer " + token);
    }
    if (key != null) {
      headers.put(IDEMPOTENCY_KEY, key);
    }
    return stub.withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers))
        .withDeadlineAfter(CALL_DEADLINE_SECONDS, TimeUnit.SECONDS);
  }

  /** The failure of {@code call}, which must fail. */
  static StatusRuntimeException failure(Runnable call) {
    StatusRuntimeException failure = catchThrowableOfType(StatusRuntimeException.class, call::run);
    assertThat(failure).as("the call should have failed").isNotNull();
    return failure;
  }

  /** Asserts that {@code call} fails with {@code code} and returns the status description. */
  static String refused(Status.Code code, Runnable call) {
    Status status = failure(call).getStatus();
    assertThat(status.getCode()).as(status.toString()).isEqualTo(code);
    return status.getDescription();
  }

  /** Creates {@code tenant} with only {@code modules} switched on. */
  void tenantWithModules(String tenant, String... modules) {
    new TenantTransactions(pool)
        .inTenant(
            tenant,
            tx ->
                tx.preparedQuery("INSERT INTO tenants (id, name, modules) VALUES ($1, $1, $2)")
                    .execute(Tuple.of(tenant, (Object) modules)))
        .await();
  }

  /** The id returned by the seeding {@code sql}, run as {@code tenant}. */
  UUID seed(String tenant, String sql, Tuple params) {
    return new TenantTransactions(pool)
        .inTenant(
            tenant,
            tx ->
                Tenants.ensure(tx, tenant)
                    .compose(ready -> tx.preparedQuery(sql).execute(params))
                    .map(rows -> rows.iterator().next().getUUID("id")))
        .await();
  }

  /** How many rows {@code table} holds for {@code tenant}. */
  long count(String tenant, String table) {
    return new TenantTransactions(pool)
        .inTenant(
            tenant,
            tx ->
                tx.query("SELECT count(*) AS n FROM " + table)
                    .execute()
                    .map(rows -> rows.iterator().next().getLong("n")))
        .await();
  }

  /** An inbox of {@code tenant}. */
  UUID inbox(String tenant) {
    return seed(
        tenant,
        "INSERT INTO inboxes (tenant_id, name, channel) VALUES ($1, 'Support', 'chat')"
            + " RETURNING id",
        Tuple.of(tenant));
  }

  /** A contact whose customer tokens carry {@code externalId}, or none if null. */
  UUID contact(String tenant, String externalId) {
    return seed(
        tenant,
        "INSERT INTO contacts (tenant_id, external_id, name) VALUES ($1, $2, 'Customer')"
            + " RETURNING id",
        Tuple.of(tenant, externalId));
  }
}
