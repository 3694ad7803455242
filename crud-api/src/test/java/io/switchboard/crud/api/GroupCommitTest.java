package io.switchboard.crud.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.crud.db.SqlText;
import io.switchboard.crud.db.TenantDataPool;
import io.switchboard.crud.db.TenantTransactions;
import io.switchboard.crud.http.TenantWork;
import io.switchboard.crud.message.MessageBatcher;
import io.switchboard.crud.message.MessageStore;
import io.switchboard.crud.message.MessageStore.Appended;
import io.switchboard.crud.message.MessageStore.NewMessage;
import io.switchboard.crud.tenant.Modules;
import io.switchboard.platform.auth.Caller;
import io.switchboard.platform.auth.Role;
import io.switchboard.platform.bus.CrudAddresses;
import io.switchboard.platform.error.Conflict;
import io.switchboard.platform.error.Forbidden;
import io.switchboard.platform.error.Invalid;
import io.switchboard.platform.error.NotFound;
import io.switchboard.platform.testing.TestServices;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Transaction;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

@DisplayName("Group commit of messages: batches keep offsets, idempotency and refusals per message")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GroupCommitTest {

  private ApiFixture api;
  private Context context;
  private MessageBatcher batcher;

  @BeforeAll
  void start() {
    api = ApiFixture.start();
    context = api.vertx.getOrCreateContext();
    batcher = batcherOn(context);
  }

  /**
   * A batcher made on the context it then serves, so that appends issued in one turn go together.
   */
  private MessageBatcher batcherOn(Context on) {
    TenantWork chat = new TenantWork(new TenantTransactions(api.pool)).requiring(Modules.CHAT);
    return Future.<MessageBatcher>future(
            made ->
                on.runOnContext(
                    v -> made.complete(new MessageBatcher(api.vertx, chat, new MessageStore()))))
        .await();
  }

  /** A new conversation of the tenant's new inbox, with a contact of {@code contact} (or none). */
  private UUID conversation(String tenant, String contact) {
    UUID inbox = api.inbox(tenant);
    return UUID.fromString(
        api.conversation(tenant, inbox, api.contact(tenant, contact), new JsonObject())
            .getString("id"));
  }

  @AfterAll
  void stop() {
    api.close();
  }

  private static Caller caller(String tenant, String user, Role role) {
    return new Caller(tenant, user, EnumSet.of(role), Instant.MAX);
  }

  /** Issues every append in one turn of the batcher's event loop; their outcomes, in order. */
  private List<Future<Appended>> together(List<Supplier<Future<Appended>>> appends) {
    List<Future<Appended>> outcomes = issued(appends);
    Future.join(outcomes).otherwiseEmpty().await();
    return outcomes;
  }

  /** As {@link #together}, without waiting for the outcomes. */
  private List<Future<Appended>> issued(List<Supplier<Future<Appended>>> appends) {
    List<Future<Appended>> outcomes = new ArrayList<>();
    Future.<Void>future(
            promise ->
                context.runOnContext(
                    v -> {
                      appends.forEach(append -> outcomes.add(append.get()));
                      promise.complete();
                    }))
        .await();
    return outcomes;
  }

  private List<Long> offsets(String tenant, UUID conversation) {
    List<Long> offsets = new ArrayList<>();
    for (Row row :
        new TenantTransactions(api.pool)
            .inTenant(
                tenant,
                tx ->
                    tx.preparedQuery(
                            "SELECT \"offset\" FROM messages WHERE conversation_id = $1"
                                + " ORDER BY \"offset\"")
                        .execute(Tuple.of(conversation)))
            .await()) {
      offsets.add(row.getLong("offset"));
    }
    return offsets;
  }

  private long commits() {
    return api.pool
        .query("SELECT xact_commit FROM pg_stat_database WHERE datname = current_database()")
        .execute()
        .await()
        .iterator()
        .next()
        .getLong("xact_commit");
  }

  @Test
  @DisplayName(
      "while a conversation is locked, a tenant's batches wait their turn, at most two at a time,"
          + " another tenant's are written meanwhile, and the held ones commit in order once free")
  void batchesInFlightPerTenant() throws Exception {
    String busyTenant = ApiFixture.tenant("gcbusy");
    String otherTenant = ApiFixture.tenant("gcother");
    UUID held = conversation(busyTenant, null);
    UUID free = conversation(otherTenant, null);
    Caller busyAdmin = caller(busyTenant, "admin-1", Role.ADMIN);
    Caller otherAdmin = caller(otherTenant, "admin-1", Role.ADMIN);
    whileLocked(
        held,
        (side, locked) -> {
          List<Future<Appended>> busy = new ArrayList<>();
          busy.addAll(issued(List.of(send(busyAdmin, held, "held 1"))));
          waitUntil(side, 1);
          // Each in a turn of its own: the second is a batch in flight, sent once the first holds
          // its locks; the third and fourth wait for a place and go together.
          for (int i = 2; i <= 4; i++) {
            busy.addAll(issued(List.of(send(busyAdmin, held, "held " + i))));
          }
          // Bounded: were the tenant's batches to take every place, this one would wait for
          // the lock.
          Appended other =
              issued(List.of(send(otherAdmin, free, "meanwhile")))
                  .get(0)
                  .await(10, TimeUnit.SECONDS);
          assertThat(other.message().offset()).isEqualTo(1);
          // Only the first batch's lock waits in PostgreSQL: the next is sent once it is granted.
          assertThat(lockWaiters(side)).isEqualTo(1);
          assertThat(busy).noneMatch(Future::isComplete);

          locked.commit().await();
          Future.all(busy).await();
          assertThat(busy.stream().map(f -> f.result().message().offset()).toList())
              .containsExactly(1L, 2L, 3L, 4L);
          assertThat(transactionsOf(busyTenant, held)).isEqualTo(3);
        });
  }

  @Test
  @DisplayName(
      "a burst of more than a batch for one conversation is stored in the order it was sent,"
          + " across its batches, after the lock it waited for")
  void burstKeepsItsOrder() throws Exception {
    String tenant = ApiFixture.tenant("gcburst");
    UUID held = conversation(tenant, null);
    Caller admin = caller(tenant, "admin-1", Role.ADMIN);
    whileLocked(
        held,
        (side, locked) -> {
          int burst = MessageBatcher.MAX_BATCH + 10;
          List<Supplier<Future<Appended>>> appends = new ArrayList<>();
          for (int i = 1; i <= burst; i++) {
            appends.add(send(admin, held, "burst " + i));
          }
          List<Future<Appended>> outcomes = issued(appends);
          waitUntil(side, 1);

          locked.commit().await();
          Future.all(outcomes).await();
          assertThat(outcomes.stream().map(f -> f.result().message().offset()).toList())
              .containsExactlyElementsOf(LongStream.rangeClosed(1, burst).boxed().toList());
          assertThat(transactionsOf(tenant, held)).isEqualTo(2);
        });
  }

  @Test
  @DisplayName(
      "a batch with a message the database refuses keeps its place: the refused one fails alone,"
          + " the others take the offsets before the tenant's next batch, in the order sent")
  void refusedBatchKeepsItsPlace() throws Exception {
    String tenant = ApiFixture.tenant("gcplace");
    UUID held = conversation(tenant, null);
    Caller admin = caller(tenant, "admin-1", Role.ADMIN);
    whileLocked(
        held,
        (side, locked) -> {
          // An empty body gets past nothing but the table's CHECK: the batch's statement fails.
          List<Future<Appended>> first =
              issued(
                  List.of(send(admin, held, "a"), send(admin, held, ""), send(admin, held, "b")));
          waitUntil(side, 1);
          // The next batch is sent once the first holds its locks, and queues behind it.
          List<Future<Appended>> next = issued(List.of(send(admin, held, "c")));

          locked.commit().await();
          Future.join(first).otherwiseEmpty().await();
          Future.all(next).await();
          assertThat(first.get(1).cause()).isInstanceOf(Invalid.class);
          assertThat(
                  List.of(first.get(0), first.get(2), next.get(0)).stream()
                      .map(f -> f.result().message().offset())
                      .toList())
              .containsExactly(1L, 2L, 3L);
          assertThat(offsets(tenant, held)).containsExactly(1L, 2L, 3L);
        });
  }

  /** Work done while a side connection holds a conversation's row lock. */
  @FunctionalInterface
  private interface WhileLocked {
    /**
     * @param side the pool the lock is held from, to watch the waiters with
     * @param locked the transaction holding the lock: committing it releases the conversation
     */
    void run(Pool side, Transaction locked) throws Exception;
  }

  /** Runs {@code work} while {@code conversation}'s row lock is held on a side connection. */
  private void whileLocked(UUID conversation, WhileLocked work) throws Exception {
    Pool side = TenantDataPool.create(api.vertx, TestServices.postgresUrl(), 2);
    SqlConnection blocker = side.getConnection().await();
    try {
      work.run(side, lock(blocker, conversation));
    } finally {
      blocker.close().await();
      side.close().await();
    }
  }

  /** The conversation's row lock, held on {@code blocker} as a concurrent writer would hold it. */
  private static Transaction lock(SqlConnection blocker, UUID conversation) {
    Transaction locked = blocker.begin().await();
    blocker
        .preparedQuery("SELECT 1 FROM conversations WHERE id = $1 FOR UPDATE")
        .execute(Tuple.of(conversation))
        .await();
    return locked;
  }

  /** In how many transactions the conversation's messages were written. */
  private long transactionsOf(String tenant, UUID conversation) {
    return new TenantTransactions(api.pool)
        .inTenant(
            tenant,
            tx ->
                tx.preparedQuery(
                        "SELECT count(DISTINCT xmin::text) FROM messages WHERE conversation_id = $1")
                    .execute(Tuple.of(conversation)))
        .await()
        .iterator()
        .next()
        .getLong(0);
  }

  private Supplier<Future<Appended>> send(Caller caller, UUID conversation, String body) {
    return () -> batcher.append(caller, conversation, new NewMessage(body, false, null));
  }

  /** How many batch locks wait in PostgreSQL. */
  private static long lockWaiters(Pool side) {
    return side.query(
            "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock'"
                + " AND datname = current_database() AND query LIKE 'SELECT c.id FROM conversations%'")
        .execute()
        .await()
        .iterator()
        .next()
        .getLong(0);
  }

  private static void waitUntil(Pool side, long waiters) throws InterruptedException {
    for (int tries = 0; tries < 200 && lockWaiters(side) < waiters; tries++) {
      Thread.sleep(25);
    }
    assertThat(lockWaiters(side)).isEqualTo(waiters);
  }

  @Test
  @DisplayName(
      "600 concurrent messages over the bus, REST and the batcher into one conversation and 20"
          + " others take offsets 1..N exactly once, in far fewer transactions than messages")
  void concurrentWriters() {
    String tenant = ApiFixture.tenant("gc");
    UUID inbox = api.inbox(tenant);
    UUID busy =
        UUID.fromString(
            api.conversation(tenant, inbox, api.contact(tenant, null), new JsonObject())
                .getString("id"));
    List<UUID> many = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      many.add(
          UUID.fromString(
              api.conversation(tenant, inbox, api.contact(tenant, null), new JsonObject())
                  .getString("id")));
    }
    Caller agent = caller(tenant, "admin-1", Role.ADMIN);
    String adminToken = ApiFixture.token(tenant, "admin-1", Role.ADMIN);
    JsonObject actor =
        new JsonObject().put("user", "bot-1").put("roles", new JsonArray().add("service"));

    long before = commits();
    List<Future<?>> sent = new ArrayList<>();
    List<Supplier<Future<Appended>>> direct = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      NewMessage message = new NewMessage("direct " + i, false, null);
      direct.add(() -> batcher.append(agent, busy, message));
      UUID target = many.get(i % many.size());
      direct.add(
          () -> batcher.append(agent, target, new NewMessage("spread " + target, false, null)));
    }
    for (int i = 0; i < 100; i++) {
      sent.add(
          api.vertx
              .eventBus()
              .request(
                  CrudAddresses.MESSAGE_APPEND,
                  new JsonObject()
                      .put("tenant", tenant)
                      .put("actor", actor)
                      .put("conversation_id", busy.toString())
                      .put("body", "bus " + i)));
    }
    List<Future<Appended>> outcomes = together(direct);
    for (int i = 0; i < 100; i++) {
      sent.add(
          api.sendAsync(
              "/api/v1/conversations/" + busy + "/messages",
              adminToken,
              new JsonObject().put("body", "rest " + i)));
    }
    Future.all(sent).await();
    assertThat(outcomes).allSatisfy(f -> assertThat(f.succeeded()).isTrue());

    assertThat(offsets(tenant, busy))
        .containsExactlyElementsOf(LongStream.rangeClosed(1, 400).boxed().toList());
    for (UUID conversation : many) {
      assertThat(offsets(tenant, conversation))
          .containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L);
    }
    long conversationsLastOffset =
        api.get("/api/v1/conversations/" + busy, adminToken)
            .bodyAsJsonObject()
            .getLong("last_offset");
    assertThat(conversationsLastOffset).isEqualTo(400);
    // One message.created each, after the conversation.opened.
    assertThat(api.outboxCount(tenant, busy.toString())).isEqualTo(401);
    // Every message in its own transaction would be 600 commits (the statistics lag a little,
    // so allow for what they have not counted yet).
    long transactions = commits() - before;
    assertThat(transactions).isLessThan(300);
  }

  @Test
  @DisplayName(
      "a client_message_id repeated in one batch and in a later one is stored once; the repeats"
          + " get the first copy, another author's reuse of it is a conflict for that message"
          + " alone")
  void idempotency() {
    String tenant = ApiFixture.tenant("gcidem");
    UUID conversation = conversation(tenant, null);
    Caller alice = caller(tenant, "alice", Role.ADMIN);
    Caller bob = caller(tenant, "bob", Role.ADMIN);
    List<Supplier<Future<Appended>>> appends = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      appends.add(() -> batcher.append(alice, conversation, new NewMessage("hello", false, "c-1")));
      appends.add(() -> batcher.append(alice, conversation, new NewMessage("other", false, null)));
    }
    appends.add(() -> batcher.append(bob, conversation, new NewMessage("mine", false, "c-1")));
    List<Future<Appended>> outcomes = together(appends);

    Set<UUID> ids = new HashSet<>();
    int created = 0;
    for (int i = 0; i < 10; i += 2) {
      Appended appended = outcomes.get(i).result();
      ids.add(appended.message().id());
      created += appended.created() ? 1 : 0;
      assertThat(appended.message().body()).isEqualTo("hello");
    }
    assertThat(ids).hasSize(1);
    assertThat(created).isEqualTo(1);
    assertThat(outcomes.get(10).cause()).isInstanceOf(Conflict.class);

    Appended later =
        batcher.append(alice, conversation, new NewMessage("hello again", false, "c-1")).await();
    assertThat(later.created()).isFalse();
    assertThat(later.message().id()).isEqualTo(ids.iterator().next());
    // One "hello" and five "other": offsets 1..6, nothing skipped for the repeats.
    assertThat(offsets(tenant, conversation)).containsExactly(1L, 2L, 3L, 4L, 5L, 6L);
  }

  @Test
  @DisplayName(
      "a client_message_id used in one batch first by someone who may not see the conversation and"
          + " then by its author: the first is refused, the second stored")
  void repeatAfterRefusal() {
    String tenant = ApiFixture.tenant("gcrefrep");
    UUID conversation = conversation(tenant, null);
    Caller stranger = caller(tenant, "agent-9", Role.AGENT); // no inbox membership
    Caller admin = caller(tenant, "admin-1", Role.ADMIN);
    List<Future<Appended>> outcomes =
        together(
            List.of(
                () -> batcher.append(stranger, conversation, new NewMessage("no", false, "same")),
                () -> batcher.append(admin, conversation, new NewMessage("yes", false, "same"))));
    assertThat(outcomes.get(0).cause()).isInstanceOf(NotFound.class);
    assertThat(outcomes.get(1).succeeded()).as(String.valueOf(outcomes.get(1).cause())).isTrue();
    assertThat(outcomes.get(1).result().created()).isTrue();
    assertThat(offsets(tenant, conversation)).containsExactly(1L);
  }

  @Test
  @DisplayName(
      "the same client_message_id sent at once through batchers on two event loops is stored"
          + " once, and both senders get that copy")
  void idempotencyAcrossBatchers() {
    String tenant = ApiFixture.tenant("gcrace");
    UUID conversation = conversation(tenant, null);
    Caller alice = caller(tenant, "alice", Role.ADMIN);
    MessageBatcher other = batcherOn(api.vertx.getOrCreateContext());
    List<Future<Appended>> first = new ArrayList<>();
    List<Future<Appended>> second = new ArrayList<>();
    for (int round = 0; round < 40; round++) {
      NewMessage message = new NewMessage("retry " + round, false, "race-" + round);
      first.add(batcher.append(alice, conversation, message));
      second.add(other.append(alice, conversation, message));
    }
    Future.join(first).otherwiseEmpty().await();
    Future.join(second).otherwiseEmpty().await();
    for (int round = 0; round < 40; round++) {
      Appended a = first.get(round).result();
      Appended b = second.get(round).result();
      assertThat(a.message().id()).as("round %d", round).isEqualTo(b.message().id());
      assertThat(a.created() ^ b.created()).as("round %d", round).isTrue();
    }
    assertThat(offsets(tenant, conversation))
        .containsExactlyElementsOf(LongStream.rangeClosed(1, 40).boxed().toList());
  }

  @Test
  @DisplayName(
      "in one batch a message the database refuses, one to an invisible conversation and a"
          + " customer's private note each fail alone; their neighbours are stored gap-free")
  void refusalsFailAlone() {
    String tenant = ApiFixture.tenant("gcbad");
    UUID inbox = api.inbox(tenant);
    UUID contact = api.contact(tenant, "cust-1");
    UUID conversation =
        UUID.fromString(api.conversation(tenant, inbox, contact, new JsonObject()).getString("id"));
    String other = ApiFixture.tenant("gcother");
    UUID foreign =
        UUID.fromString(
            api.conversation(other, api.inbox(other), api.contact(other, null), new JsonObject())
                .getString("id"));
    Caller admin = caller(tenant, "admin-1", Role.ADMIN);
    Caller customer = caller(tenant, "cust-1", Role.CUSTOMER);
    Caller stranger = caller(tenant, "agent-9", Role.AGENT); // no inbox membership

    Map<String, Supplier<Future<Appended>>> named = new java.util.LinkedHashMap<>();
    named.put(
        "good 1", () -> batcher.append(admin, conversation, new NewMessage("one", false, null)));
    // An empty body gets past nothing but the table's CHECK: the whole batch statement fails.
    named.put("empty", () -> batcher.append(admin, conversation, new NewMessage("", false, null)));
    named.put(
        "good 2", () -> batcher.append(customer, conversation, new NewMessage("two", false, null)));
    named.put("foreign", () -> batcher.append(admin, foreign, new NewMessage("x", false, null)));
    named.put(
        "not a member",
        () -> batcher.append(stranger, conversation, new NewMessage("x", false, null)));
    named.put(
        "customer note",
        () -> batcher.append(customer, conversation, new NewMessage("x", true, null)));
    named.put(
        "good 3", () -> batcher.append(admin, conversation, new NewMessage("three", true, null)));
    List<Future<Appended>> outcomes = together(new ArrayList<>(named.values()));
    Map<String, Future<Appended>> byName = new HashMap<>();
    int i = 0;
    for (String name : named.keySet()) {
      byName.put(name, outcomes.get(i++));
    }
    assertThat(byName.get("empty").cause()).isInstanceOf(Invalid.class);
    assertThat(byName.get("foreign").cause()).isInstanceOf(NotFound.class);
    assertThat(byName.get("not a member").cause()).isInstanceOf(NotFound.class);
    assertThat(byName.get("customer note").cause()).isInstanceOf(Forbidden.class);
    List<String> stored = new ArrayList<>();
    for (String name : List.of("good 1", "good 2", "good 3")) {
      assertThat(byName.get(name).succeeded()).as(name).isTrue();
      stored.add(byName.get(name).result().message().body());
    }
    assertThat(stored).containsExactly("one", "two", "three");
    // In the order sent, though the batch's statement failed.
    assertThat(
            List.of("good 1", "good 2", "good 3").stream()
                .map(name -> byName.get(name).result().message().offset())
                .toList())
        .containsExactly(1L, 2L, 3L);
    assertThat(offsets(tenant, conversation)).containsExactly(1L, 2L, 3L);
    // The other tenant's conversation got nothing.
    assertThat(offsets(other, foreign)).isEmpty();
  }

  @Test
  @DisplayName(
      "in a batch the database accepts, messages whose author may not see the conversation, or"
          + " to another tenant's, are refused alone by the append itself; the others are stored")
  void visibilityInsideTheAppend() {
    String tenant = ApiFixture.tenant("gcsee");
    UUID conversation =
        UUID.fromString(
            api.conversation(
                    tenant, api.inbox(tenant), api.contact(tenant, "cust-1"), new JsonObject())
                .getString("id"));
    String other = ApiFixture.tenant("gcseeb");
    UUID foreign =
        UUID.fromString(
            api.conversation(other, api.inbox(other), api.contact(other, null), new JsonObject())
                .getString("id"));
    Caller admin = caller(tenant, "admin-1", Role.ADMIN);
    Caller owner = caller(tenant, "cust-1", Role.CUSTOMER);
    Caller otherCustomer = caller(tenant, "cust-2", Role.CUSTOMER);
    Caller stranger = caller(tenant, "agent-9", Role.AGENT); // no inbox membership

    List<Future<Appended>> outcomes =
        together(
            List.of(
                () -> batcher.append(admin, conversation, new NewMessage("one", false, null)),
                () -> batcher.append(stranger, conversation, new NewMessage("x", false, "s")),
                () -> batcher.append(owner, conversation, new NewMessage("two", false, null)),
                () -> batcher.append(admin, foreign, new NewMessage("x", false, null)),
                () -> batcher.append(otherCustomer, conversation, new NewMessage("x", false, null)),
                () -> batcher.append(stranger, conversation, new NewMessage("x", false, "s")),
                () -> batcher.append(owner, conversation, new NewMessage("three", false, null))));

    for (int refused : List.of(1, 3, 4, 5)) {
      assertThat(outcomes.get(refused).cause())
          .as("append %d", refused)
          .isInstanceOf(NotFound.class);
    }
    List<String> stored = new ArrayList<>();
    for (int good : List.of(0, 2, 6)) {
      assertThat(outcomes.get(good).succeeded())
          .as(String.valueOf(outcomes.get(good).cause()))
          .isTrue();
      stored.add(outcomes.get(good).result().message().body());
    }
    assertThat(stored).containsExactly("one", "two", "three");
    assertThat(offsets(tenant, conversation)).containsExactly(1L, 2L, 3L);
    assertThat(offsets(other, foreign)).isEmpty();
  }

  @Test
  @DisplayName("a batch keeps the list's activity as single appends do: unread, wait, preview")
  void activityInBatches() {
    String tenant = ApiFixture.tenant("gcact");
    UUID conversation = conversation(tenant, "cust-2");
    Caller customer = caller(tenant, "cust-2", Role.CUSTOMER);
    Caller admin = caller(tenant, "admin-1", Role.ADMIN);
    String token = ApiFixture.token(tenant, "admin-1", Role.ADMIN);
    together(
        List.of(
            () -> batcher.append(customer, conversation, new NewMessage("first", false, null)),
            () -> batcher.append(customer, conversation, new NewMessage("second", false, null)),
            () -> batcher.append(admin, conversation, new NewMessage("a note", true, null))));
    JsonObject waiting = api.get("/api/v1/conversations/" + conversation, token).bodyAsJsonObject();
    assertThat(waiting.getInteger("unread_count")).isEqualTo(2);
    assertThat(waiting.getString("last_message_preview")).isEqualTo("second");
    assertThat(waiting.getString("waiting_since")).isNotNull();
    assertThat(waiting.getString("first_reply_at")).isNull();
    together(
        List.of(
            () -> batcher.append(admin, conversation, new NewMessage("answer", false, null)),
            () -> batcher.append(customer, conversation, new NewMessage("thanks", false, null))));
    JsonObject after = api.get("/api/v1/conversations/" + conversation, token).bodyAsJsonObject();
    assertThat(after.getInteger("unread_count")).isEqualTo(3);
    assertThat(after.getString("last_message_author")).isEqualTo("contact");
    assertThat(after.getString("first_reply_at")).isNotNull();
    // Answered, then asked again within the batch: a new wait, not the old one.
    assertThat(after.getString("waiting_since")).isGreaterThan(waiting.getString("waiting_since"));
    assertThat(after.getLong("last_offset")).isEqualTo(5);
  }

  @Test
  @DisplayName(
      "every message of a batch gets its audit entry in the batch's statement: the message as the"
          + " API shows it")
  void auditEntries() {
    String tenant = ApiFixture.tenant("gcaudit");
    UUID conversation = conversation(tenant, "cust-3");
    Caller customer = caller(tenant, "cust-3", Role.CUSTOMER);
    Caller admin = caller(tenant, "admin-1", Role.ADMIN);
    List<Supplier<Future<Appended>>> appends = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      String body = "line \"" + i + "\" \u00e9\n\ttab";
      appends.add(
          i % 2 == 0
              ? () ->
                  batcher.append(customer, conversation, new NewMessage(body, false, "c" + body))
              : () -> batcher.append(admin, conversation, new NewMessage(body, true, null)));
    }
    List<Future<Appended>> outcomes = together(appends);
    Map<String, JsonObject> audited = new HashMap<>();
    for (Row row :
        new TenantTransactions(api.pool)
            .inTenant(
                tenant,
                tx ->
                    tx.query(
                            "SELECT entity_id, actor, action, detail::text AS detail FROM audit_log"
                                + " WHERE entity = 'message'")
                        .execute())
            .await()) {
      assertThat(row.getString("action")).isEqualTo("create");
      JsonObject detail = new JsonObject(row.getString("detail"));
      assertThat(row.getString("actor")).isEqualTo(detail.getString("author_id"));
      audited.put(row.getString("entity_id"), detail);
    }
    assertThat(audited).hasSize(30);
    for (Future<Appended> outcome : outcomes) {
      JsonObject message = outcome.result().message().toJson();
      assertThat(audited.get(message.getString("id"))).isEqualTo(message);
    }
  }

  @Test
  @DisplayName("times written in SQL read as Java writes them, whatever their fraction")
  void instantsAsJavaWritesThem() {
    List<String> times =
        List.of(
            "2026-12-06T03:01:47Z",
            "2026-12-06T03:01:47.120Z",
            "2026-12-06T03:01:47.001Z",
            "2026-12-06T03:01:47.000100Z",
            "2026-12-06T03:01:47.123456Z",
            "1999-01-02T23:59:59.999999Z");
    for (String time : times) {
      String written =
          api.pool
              .preparedQuery("SELECT " + SqlText.instant("$1::text::timestamptz") + " AS t")
              .execute(Tuple.of(time.replace("T", " ").replace("Z", "+02")))
              .await()
              .iterator()
              .next()
              .getString("t");
      Instant expected = Instant.parse(time).minusSeconds(7200);
      assertThat(written).as(time).isEqualTo(expected.toString());
    }
  }
}
