package io.switchboard.crud.bus;

import io.switchboard.crud.ai.AiInputs;
import io.switchboard.crud.ai.AiStore;
import io.switchboard.crud.contact.ContactStore;
import io.switchboard.crud.conversation.ConversationInputs;
import io.switchboard.crud.conversation.ConversationStore;
import io.switchboard.crud.http.JsonInput;
import io.switchboard.crud.http.TenantWork;
import io.switchboard.crud.ticket.TicketInputs;
import io.switchboard.crud.ticket.TicketStore;
import io.switchboard.platform.auth.Caller;
import io.switchboard.platform.auth.Role;
import io.switchboard.platform.bus.CrudAddresses;
import io.switchboard.platform.error.Forbidden;
import io.vertx.core.Future;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;

/**
 * The consumers the AI role works through (contracts in {@link CrudAddresses}): its tools and
 * hand-off change conversations, read contacts and open tickets; it reads the published knowledge
 * base, keeps its embedded chunks and records its turns. Changing conversations, chunks and turns
 * is for the {@code service} role only; reads follow the same rules as the REST API.
 */
public final class AiConsumers {

  private static final Set<String> UPDATE_FIELDS =
      Set.of(
          "tenant",
          "actor",
          "id",
          "add_labels",
          "priority",
          "status",
          "team_id",
          "inbox_id",
          "handoff");

  private final TenantWork chat;
  private final TenantWork tickets;
  private final TenantWork any;
  private final ConversationStore conversations;
  private final ContactStore contacts;
  private final TicketStore ticketStore;
  private final AiStore ai;

  /**
   * @param chat work that requires the chat module
   * @param tickets work that requires the tickets module
   * @param any work that requires no module
   */
  public AiConsumers(
      TenantWork chat,
      TenantWork tickets,
      TenantWork any,
      ConversationStore conversations,
      ContactStore contacts,
      TicketStore ticketStore,
      AiStore ai) {
    this.chat = chat;
    this.tickets = tickets;
    this.any = any;
    this.conversations = conversations;
    this.contacts = contacts;
    this.ticketStore = ticketStore;
    this.ai = ai;
  }

  /** Registers the consumers; the future completes when they are registered. */
  public Future<List<MessageConsumer<JsonObject>>> register(EventBus bus) {
    List<MessageConsumer<JsonObject>> consumers =
        List.of(
            consumer(bus, CrudAddresses.CONVERSATION_UPDATE, this::updateConversation),
            consumer(bus, CrudAddresses.CONTACT_GET, this::getContact),
            consumer(bus, CrudAddresses.TICKET_CREATE, this::createTicket),
            consumer(bus, CrudAddresses.KB_PUBLISHED, this::publishedArticles),
            consumer(bus, CrudAddresses.KB_CHUNKS_LIST, this::listChunks),
            consumer(bus, CrudAddresses.KB_CHUNKS_REPLACE, this::replaceChunks),
            consumer(bus, CrudAddresses.KB_CHUNKS_NEAREST, this::nearestChunks),
            consumer(bus, CrudAddresses.AI_TURN_RECORD, this::recordTurn));
    return Future.all(consumers.stream().map(MessageConsumer::completion).toList())
        .map(done -> consumers);
  }

  private static MessageConsumer<JsonObject> consumer(
      EventBus bus, String address, Function<JsonObject, Future<JsonObject>> handler) {
    return bus.consumer(address, msg -> BusRequests.answer(msg, handler));
  }

  private Future<JsonObject> updateConversation(JsonObject request) {
    Caller caller = service(request);
    JsonInput in = JsonInput.of(request, UPDATE_FIELDS);
    UUID id = in.uuid("id", true);
    List<String> labels =
        in.strings(
            "add_labels", ConversationInputs.MAX_LABELS, ConversationInputs.MAX_LABEL_LENGTH);
    String priority = in.oneOf("priority", false, ConversationInputs.PRIORITIES);
    String status = in.oneOf("status", false, ConversationInputs.STATUSES);
    UUID team = in.uuid("team_id", false);
    UUID inbox = in.uuid("inbox_id", false);
    boolean handoff = in.bool("handoff", false);
    in.check();
    ConversationInputs.Change change =
        new ConversationInputs.Change(
            status, priority != null, priority, null, false, null, team != null, team);
    return chat.write(
            caller,
            tx ->
                conversations.updateCurrent(
                    tx, caller, id, change, labels == null ? List.of() : labels, inbox, handoff))
        .map(conversation -> conversation.toJson());
  }

  private Future<JsonObject> getContact(JsonObject request) {
    Caller caller = BusRequests.caller(request);
    if (!caller.has(Role.SERVICE)
        && !caller.has(Role.AGENT)
        && !caller.has(Role.SUPERVISOR)
        && !caller.has(Role.ADMIN)) {
      throw new Forbidden("contacts are for staff and services");
    }
    JsonInput in = JsonInput.of(request);
    UUID id = in.uuid("id", true);
    in.check();
    return chat.read(caller, tx -> contacts.find(tx, id)).map(contact -> contact.toJson());
  }

  private Future<JsonObject> createTicket(JsonObject request) {
    Caller caller = BusRequests.caller(request);
    if (!caller.has(Role.SERVICE)
        && !caller.has(Role.AGENT)
        && !caller.has(Role.SUPERVISOR)
        && !caller.has(Role.ADMIN)) {
      throw new Forbidden("tickets are for staff and services");
    }
    TicketInputs.NewTicket ticket = TicketInputs.create(BusRequests.body(request));
    return tickets
        .write(caller, tx -> ticketStore.create(tx, caller, ticket))
        .map(created -> created.toJson());
  }

  private Future<JsonObject> publishedArticles(JsonObject request) {
    Caller caller = BusRequests.caller(request);
    JsonInput.of(request, Set.of("tenant", "actor")).check();
    return any.read(caller, ai::publishedArticles);
  }

  private Future<JsonObject> listChunks(JsonObject request) {
    Caller caller = service(request);
    JsonInput in = JsonInput.of(request, Set.of("tenant", "actor", "model"));
    String model = in.string("model", true, 200);
    in.check();
    return any.read(caller, tx -> ai.chunks(tx, model));
  }

  private Future<JsonObject> nearestChunks(JsonObject request) {
    Caller caller = service(request);
    AiInputs.Nearest query = AiInputs.nearest(BusRequests.body(request));
    return any.read(caller, tx -> ai.nearest(tx, query));
  }

  private Future<JsonObject> replaceChunks(JsonObject request) {
    Caller caller = service(request);
    AiInputs.Replacement replacement = AiInputs.replacement(BusRequests.body(request));
    return any.write(
        caller,
        tx ->
            ai.replaceChunks(
                tx,
                caller,
                replacement.articleId(),
                replacement.articleVersion(),
                replacement.model(),
                replacement.chunks()));
  }

  private Future<JsonObject> recordTurn(JsonObject request) {
    Caller caller = service(request);
    AiInputs.NewTurn turn = AiInputs.turn(BusRequests.body(request));
    return any.write(caller, tx -> ai.recordTurn(tx, caller, turn));
  }

  /** The caller, who must be a service: only trusted roles change these. */
  private static Caller service(JsonObject request) {
    Caller caller = BusRequests.caller(request);
    if (!caller.has(Role.SERVICE)) {
      throw new Forbidden("only a service may do this");
    }
    return caller;
  }
}
