package io.switchboard.crud.api;

import io.switchboard.crud.CrudRoutes;
import io.switchboard.crud.ai.AiStore;
import io.switchboard.crud.ai.VectorColumn;
import io.switchboard.crud.bus.AiConsumers;
import io.switchboard.crud.bus.CallConsumers;
import io.switchboard.crud.bus.CrudConsumers;
import io.switchboard.crud.call.CallStore;
import io.switchboard.crud.contact.ContactStore;
import io.switchboard.crud.conversation.ConversationStore;
import io.switchboard.crud.db.Migrations;
import io.switchboard.crud.db.PgliteServer;
import io.switchboard.crud.db.TenantTransactions;
import io.switchboard.crud.http.BodyContract;
import io.switchboard.crud.http.TenantWork;
import io.switchboard.crud.inbox.InboxStore;
import io.switchboard.crud.message.MessageBatcher;
import io.switchboard.crud.message.MessageStore;
import io.switchboard.crud.tenant.ModuleSwitches;
import io.switchboard.crud.tenant.Modules;
import io.switchboard.crud.tenant.TenantStore;
import io.switchboard.crud.ticket.TicketStore;
import io.switchboard.crud.visitor.VisitorLimiter;
import io.switchboard.platform.auth.Role;
import io.switchboard.platform.auth.TokenVerifier;
import io.switchboard.platform.error.ProblemMapper;
import io.switchboard.platform.testing.TestServices;
import io.switchboard.platform.testing.TestTokens;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.Tuple;
import java.util.Map;
import java.util.UUID;

/**
 * A real HTTP server on port 0 wired like the node's front (body handler on /api/*, the crud
 * routes, problem+json failures), the bus consumers, a real client and the real test database.
 */
public final class ApiFixture implements AutoCloseable {

  /** Body limit of the test front, as small as the node's default is sane. */
  static final int MAX_BODY_BYTES = 64 * 1024;

  public final Vertx vertx;
  public final Pool pool;
  final WebClient client;
  private final TokenVerifier verifier;
  private final HttpServer server;

  private ApiFixture(Vertx vertx, Pool pool, TokenVerifier verifier, HttpServer server) {
    this.vertx = vertx;
    this.pool = pool;
    this.verifier = verifier;
    this.server = server;
    this.client = WebClient.create(vertx);
  }

  /** Migrates the test database and starts the front on port 0. */
  public static ApiFixture start() {
    return start(TestServices.postgresUrl(), Map.of(), new PoolOptions());
  }

  /**
   * The fixture on {@code pglite}. PGlite is one session shared by its connections: one pooled
   * connection keeps each transaction to itself, and Flyway locks for the session rather than in a
   * transaction that its other connection would wait behind.
   */
  public static ApiFixture on(PgliteServer pglite) {
    return start(
        pglite.url(),
        Map.of("flyway.postgresql.transactional.lock", "false"),
        new PoolOptions().setMaxSize(1));
  }

  /**
   * Migrates the database at {@code url}, with its vector column where it has pgvector, and starts
   * the front on port 0 with a pool of {@code poolOptions}; {@code flyway} adds migration settings.
   */
  public static ApiFixture start(String url, Map<String, String> flyway, PoolOptions poolOptions) {
    Vertx vertx = Vertx.vertx();
    Migrations.migrate(vertx, url, flyway).await();
    boolean vectors = VectorColumn.ensure(vertx, url).await();
    Pool pool =
        PgBuilder.pool()
            .with(poolOptions)
            .connectingTo(PgConnectOptions.fromUri(url))
            .using(vertx)
            .build();
    TokenVerifier verifier = TokenVerifier.create(vertx, TestTokens.authConfig()).await();
    Router router = Router.router(vertx);
    router.route("/api/*").handler(BodyHandler.create().setBodyLimit(MAX_BODY_BYTES));
    // As a node has it: one for the routes and the consumers.
    ModuleSwitches switches = new ModuleSwitches();
    switches.listen(vertx.eventBus()).await();
    new CrudRoutes(
            vertx,
            pool,
            verifier,
            BodyContract.load(vertx).await(),
            TestTokens.authConfig(),
            new VisitorLimiter(VisitorLimiter.PER_MINUTE),
            switches)
        .mount(router);
    router.route().failureHandler(ProblemMapper::handle);
    TenantWork chat =
        new TenantWork(new TenantTransactions(pool), switches).requiring(Modules.CHAT);
    new CrudConsumers(
            chat,
            new ConversationStore(),
            new MessageStore(),
            new MessageBatcher(vertx, chat, new MessageStore()),
            new InboxStore())
        .register(vertx.eventBus())
        .await();
    TenantWork work = new TenantWork(new TenantTransactions(pool), switches);
    new CallConsumers(work.requiring(Modules.VOICE), work, new CallStore(), new TenantStore())
        .register(vertx.eventBus())
        .await();
    new AiConsumers(
            work.requiring(Modules.CHAT),
            work.requiring(Modules.TICKETS),
            work,
            new ConversationStore(),
            new ContactStore(),
            new TicketStore(),
            new AiStore(vectors))
        .register(vertx.eventBus())
        .await();
    HttpServer server = vertx.createHttpServer().requestHandler(router).listen(0).await();
    return new ApiFixture(vertx, pool, verifier, server);
  }

  @Override
  public void close() {
    client.close();
    verifier.close();
    server.close().await();
    pool.close().await();
    vertx.close().await();
  }

  /** The port the front listens on. */
  public int port() {
    return server.actualPort();
  }

  static String tenant(String prefix) {
    return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
  }

  static String token(String tenant, String user, Role... roles) {
    return TestTokens.mint(tenant, user, roles);
  }

  HttpResponse<Buffer> send(
      HttpMethod method, String path, String token, Object body, Map<String, String> headers) {
    HttpRequest<Buffer> request = client.request(method, server.actualPort(), "127.0.0.1", path);
    if (token != null) {
      request.putHeader("Authorization", "Bearer " + token);
    }
    headers.forEach(request::putHeader);
    if (body == null) {
      return request.send().await();
    }
    Buffer buffer =
        body instanceof JsonObject json ? json.toBuffer() : Buffer.buffer(body.toString());
    return request.putHeader("Content-Type", "application/json").sendBuffer(buffer).await();
  }

  /** POSTs {@code body} as {@code token} without waiting; fails unless it answers 2xx. */
  Future<HttpResponse<Buffer>> sendAsync(String path, String token, JsonObject body) {
    return client
        .request(HttpMethod.POST, server.actualPort(), "127.0.0.1", path)
        .putHeader("Authorization", "Bearer " + token)
        .sendJsonObject(body)
        .compose(
            response ->
                response.statusCode() / 100 == 2
                    ? Future.succeededFuture(response)
                    : Future.failedFuture(path + " answered " + response.statusCode()));
  }

  HttpResponse<Buffer> post(String path, String token, Object body) {
    return send(HttpMethod.POST, path, token, body, Map.of());
  }

  HttpResponse<Buffer> get(String path, String token) {
    return send(HttpMethod.GET, path, token, null, Map.of());
  }

  /** A new inbox of {@code tenant}, created by its admin. */
  public UUID inbox(String tenant) {
    HttpResponse<Buffer> created =
        post(
            "/api/v1/inboxes",
            token(tenant, "admin-1", Role.ADMIN),
            new JsonObject().put("name", "Support").put("channel", "chat"));
    return UUID.fromString(created.bodyAsJsonObject().getString("id"));
  }

  /** A new published knowledge-base article of {@code tenant}; returns its id. */
  public String publishedArticle(String tenant, String title, String body) {
    return post(
            "/api/v1/kb-articles",
            token(tenant, "admin-1", Role.ADMIN),
            new JsonObject().put("title", title).put("body", body).put("published", true))
        .bodyAsJsonObject()
        .getString("id");
  }

  /** A new contact of {@code tenant} whose tokens carry {@code externalId}, or none if null. */
  public UUID contact(String tenant, String externalId) {
    JsonObject body = new JsonObject().put("name", "Customer");
    if (externalId != null) {
      body.put("external_id", externalId);
    }
    HttpResponse<Buffer> created =
        post("/api/v1/contacts", token(tenant, "admin-1", Role.ADMIN), body);
    return UUID.fromString(created.bodyAsJsonObject().getString("id"));
  }

  /** A new open chat conversation, created by the tenant's admin. */
  JsonObject conversation(String tenant, UUID inbox, UUID contact, JsonObject extra) {
    JsonObject body =
        new JsonObject()
            .put("inbox_id", inbox.toString())
            .put("contact_id", contact.toString())
            .put("channel", "chat")
            .mergeIn(extra);
    return post("/api/v1/conversations", token(tenant, "admin-1", Role.ADMIN), body)
        .bodyAsJsonObject();
  }

  /**
   * Makes {@code sub} an agent of {@code tenant} and a member of {@code inbox}; returns the user
   * id.
   */
  UUID member(String tenant, String sub, UUID inbox) {
    return new TenantTransactions(pool)
        .inTenant(
            tenant,
            tx ->
                tx.preparedQuery(
                        "INSERT INTO users (tenant_id, external_id, name, role)"
                            + " VALUES ($1, $2, $2, 'agent')"
                            + " ON CONFLICT (tenant_id, external_id) DO UPDATE SET name = $2"
                            + " RETURNING id")
                    .execute(Tuple.of(tenant, sub))
                    .map(rows -> rows.iterator().next().getUUID("id"))
                    .compose(
                        user ->
                            tx.preparedQuery(
                                    "INSERT INTO inbox_members (tenant_id, inbox_id, user_id)"
                                        + " VALUES ($1, $2, $3)")
                                .execute(Tuple.of(tenant, inbox, user))
                                .map(done -> user)))
        .await();
  }

  /** Rows of {@code table} that {@code tenant} holds; the table name is the test's own constant. */
  long count(String tenant, String table) {
    return new TenantTransactions(pool)
        .inTenant(tenant, tx -> tx.query("SELECT count(*) AS n FROM " + table).execute())
        .await()
        .iterator()
        .next()
        .getLong("n");
  }

  /** Outbox rows of {@code tenant} about {@code subject}; the outbox has no RLS, so filter here. */
  long outboxCount(String tenant, String subject) {
    return pool.preparedQuery(
            "SELECT count(*) AS n FROM outbox WHERE tenant_id = $1 AND subject_id = $2")
        .execute(Tuple.of(tenant, subject))
        .await()
        .iterator()
        .next()
        .getLong("n");
  }
}
