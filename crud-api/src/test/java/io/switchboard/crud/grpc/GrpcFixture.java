package io.switchboard.crud.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.grpc.Channel;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.AbstractStub;
import io.grpc.stub.MetadataUtils;
import io.switchboard.crud.api.ApiFixture;
import io.switchboard.crud.db.TenantTransactions;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Tuple;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The crud front of {@link ApiFixture} (its gRPC services on the REST port) and a stock grpc-java
 * channel to it, started once per test class: register it as a static {@code @RegisterExtension}
 * field.
 */
final class GrpcFixture implements BeforeAllCallback, AfterAllCallback {

  /** Longest a call may take before the test gives up on it instead of hanging. */
  static final long CALL_DEADLINE_SECONDS = 10;

  private static final Metadata.Key<String> AUTHORIZATION =
      Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);

  private static final Metadata.Key<String> IDEMPOTENCY_KEY =
      Metadata.Key.of("idempotency-key", Metadata.ASCII_STRING_MARSHALLER);

  private ApiFixture front;
  private ManagedChannel channel;

  @Override
  public void beforeAll(ExtensionContext context) {
    front = ApiFixture.start();
    channel = ManagedChannelBuilder.forAddress("127.0.0.1", front.port()).usePlaintext().build();
  }

  @Override
  public void afterAll(ExtensionContext context) throws InterruptedException {
    channel.shutdownNow().awaitTermination(CALL_DEADLINE_SECONDS, TimeUnit.SECONDS);
    front.close();
  }

  /** The Vert.x instance of the front. */
  Vertx vertx() {
    return front.vertx;
  }

  /** The port of the front, REST and gRPC alike. */
  int port() {
    return front.port();
  }

  /** A stub made by {@code newStub} on the channel, with {@code token} unless null. */
  <S extends AbstractStub<S>> S stub(Function<Channel, S> newStub, String token) {
    return withHeaders(newStub.apply(channel), token, null);
  }

  /** The same, with {@code key} as its {@code idempotency-key} unless null. */
  <S extends AbstractStub<S>> S stub(Function<Channel, S> newStub, String token, String key) {
    return withHeaders(newStub.apply(channel), token, key);
  }

  /** A tenant id no other test uses. */
  static String newTenant(String prefix) {
    return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
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
    new TenantTransactions(front.pool)
        .inTenant(
            tenant,
            tx ->
                tx.preparedQuery("INSERT INTO tenants (id, name, modules) VALUES ($1, $1, $2)")
                    .execute(Tuple.of(tenant, (Object) modules)))
        .await();
  }

  /** How many rows {@code table} holds for {@code tenant}. */
  long count(String tenant, String table) {
    return new TenantTransactions(front.pool)
        .inTenant(
            tenant,
            tx ->
                tx.query("SELECT count(*) AS n FROM " + table)
                    .execute()
                    .map(rows -> rows.iterator().next().getLong("n")))
        .await();
  }

  /** A new inbox of {@code tenant}. */
  UUID inbox(String tenant) {
    return front.inbox(tenant);
  }

  /** A new contact of {@code tenant} whose customer tokens carry {@code externalId}, or none. */
  UUID contact(String tenant, String externalId) {
    return front.contact(tenant, externalId);
  }
}
