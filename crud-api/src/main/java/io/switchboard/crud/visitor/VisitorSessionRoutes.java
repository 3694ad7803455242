package io.switchboard.crud.visitor;

import io.switchboard.crud.contact.ContactRoutes;
import io.switchboard.crud.contact.ContactStore;
import io.switchboard.crud.conversation.ConversationInputs;
import io.switchboard.crud.conversation.ConversationStore;
import io.switchboard.crud.http.ApiResponse;
import io.switchboard.crud.http.JsonInput;
import io.switchboard.crud.http.Requests;
import io.switchboard.crud.http.TenantWork;
import io.switchboard.crud.tenant.Modules;
import io.switchboard.platform.auth.Caller;
import io.switchboard.platform.auth.Role;
import io.switchboard.platform.auth.TokenMinter;
import io.switchboard.platform.config.AuthConfig;
import io.switchboard.platform.error.NotFound;
import io.switchboard.platform.error.Unauthenticated;
import io.switchboard.platform.error.Unavailable;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * {@code POST /api/v1/visitor-sessions}: how the chat widget lets an anonymous visitor of a
 * tenant's website talk to it without any staff token in the page. Given the tenant and one of its
 * chat inboxes, it opens a contact and a conversation and answers with a customer token for them
 * and a {@code resume} credential; given that credential again (after a reload, or once the token
 * expired) it answers for the same contact and its open conversation, or a new conversation once
 * that one is resolved. No token is needed; each address may open {@link VisitorLimiter} sessions a
 * minute. The answer also says whether the tenant has the voice module, so the widget offers a call
 * only where one can be made. Tokens are signed with the node's HS256 secret, so a node configured
 * with only public keys or a JWKS has no visitor sessions (503).
 */
public final class VisitorSessionRoutes {

  /** Path of the operation. */
  public static final String PATH = "/api/v1/visitor-sessions";

  /** Lifetime of a visitor's token; the widget comes back with its resume credential after. */
  public static final Duration TOKEN_TTL = Duration.ofHours(12);

  private static final Set<String> FIELDS = Set.of("tenant", "inbox_id", "name", "resume");
  private static final String DEFAULT_NAME = "Website visitor";

  private final TenantWork chat;
  private final ContactStore contacts;
  private final ConversationStore conversations;
  private final AuthConfig auth;
  private final VisitorLimiter limiter;
  private final ResumeKeys resumeKeys;

  /**
   * @param chat work that requires the chat module
   * @param auth the node's token settings; visitor tokens need its {@code hmac-secret}
   */
  public VisitorSessionRoutes(
      TenantWork chat,
      ContactStore contacts,
      ConversationStore conversations,
      AuthConfig auth,
      VisitorLimiter limiter) {
    this.chat = chat;
    this.contacts = contacts;
    this.conversations = conversations;
    this.auth = auth;
    this.limiter = limiter;
    this.resumeKeys = auth.hmacSecret().isEmpty() ? null : new ResumeKeys(auth.hmacSecret());
  }

  /** Adds the route to {@code router}. */
  public void mount(Router router) {
    router.post(PATH).handler(ctx -> Requests.respond(ctx, open(ctx)));
  }

  /** What a session is opened for, checked. */
  private record Request(String tenant, UUID inbox, String name, String resume) {}

  /**
   * The visitor's contact and conversation, whether the conversation is new, and whether the tenant
   * takes calls from the browser (the widget's call button).
   */
  private record Session(
      UUID contact, String subject, UUID conversation, boolean opened, boolean voice) {

    Session withVoice(boolean on) {
      return new Session(contact, subject, conversation, opened, on);
    }
  }

  private Future<ApiResponse> open(RoutingContext ctx) {
    Request request;
    try {
      if (resumeKeys == null) {
        throw new Unavailable(
            "visitor sessions need the node's HS256 token secret (auth.hmac-secret)");
      }
      limiter.take(ctx.request().remoteAddress().hostAddress());
      JsonInput in = JsonInput.of(ctx.body().buffer(), FIELDS);
      request =
          new Request(
              in.string("tenant", true, 63),
              in.uuid("inbox_id", true),
              in.string("name", false, ContactRoutes.MAX_NAME_LENGTH),
              in.string("resume", false, 200));
      in.check();
    } catch (RuntimeException refused) {
      return Future.failedFuture(refused);
    }
    Instant now = Instant.now();
    UUID resumed = null;
    if (request.resume() != null) {
      resumed = resumeKeys.contact(request.tenant(), request.inbox(), request.resume(), now);
      if (resumed == null) {
        return Future.failedFuture(
            new Unauthenticated(
                "the resume credential is not valid here or has expired; open a new session"
                    + " without it"));
      }
    }
    Caller widget = new Caller(request.tenant(), "widget", EnumSet.of(Role.SERVICE), Instant.MAX);
    UUID contact = resumed;
    return chat.change(
            widget,
            tx ->
                session(tx, widget, request, contact)
                    .compose(
                        session ->
                            Modules.enabled(tx, request.tenant(), Modules.VOICE)
                                .map(session::withVoice)))
        .map(session -> answer(request, session, now));
  }

  private Future<Session> session(SqlConnection tx, Caller widget, Request request, UUID resumed) {
    return tx.preparedQuery(VisitorSql.CHAT_INBOX)
        .execute(Tuple.of(request.inbox()))
        .compose(
            inboxes -> {
              if (inboxes.size() == 0) {
                return Future.failedFuture(new NotFound("no chat inbox " + request.inbox()));
              }
              return resumed == null ? newVisitor(tx, widget, request) : visitor(tx, resumed);
            })
        .compose(
            contact ->
                tx.preparedQuery(VisitorSql.OPEN_CONVERSATION)
                    .execute(Tuple.of(contact.id(), request.inbox()))
                    .compose(
                        open -> {
                          if (open.size() > 0) {
                            UUID id = open.iterator().next().getUUID("id");
                            return Future.succeededFuture(
                                new Session(contact.id(), contact.subject(), id, false, false));
                          }
                          return conversations
                              .create(
                                  tx,
                                  widget,
                                  new ConversationInputs.NewConversation(
                                      request.inbox(), contact.id(), "chat", null, List.of()))
                              .map(
                                  created ->
                                      new Session(
                                          contact.id(),
                                          contact.subject(),
                                          created.id(),
                                          true,
                                          false));
                        }));
  }

  /** A visitor's contact: its id and the {@code sub} of its tokens. */
  private record Visitor(UUID id, String subject) {}

  private Future<Visitor> newVisitor(SqlConnection tx, Caller widget, Request request) {
    String subject = "visitor-" + UUID.randomUUID();
    String name = request.name() == null ? DEFAULT_NAME : request.name();
    return contacts
        .create(tx, widget, new ContactStore.NewContact(subject, name, null, null))
        .map(contact -> new Visitor(contact.id(), subject));
  }

  private Future<Visitor> visitor(SqlConnection tx, UUID id) {
    return tx.preparedQuery(VisitorSql.VISITOR)
        .execute(Tuple.of(id))
        .compose(
            rows -> {
              Row row = rows.size() == 0 ? null : rows.iterator().next();
              if (row == null || row.getString("external_id") == null) {
                return Future.failedFuture(
                    new Unauthenticated("this visitor is gone; open a new session without resume"));
              }
              return Future.succeededFuture(new Visitor(id, row.getString("external_id")));
            });
  }

  private ApiResponse answer(Request request, Session session, Instant now) {
    String token =
        TokenMinter.mint(
            auth.hmacSecret(),
            request.tenant(),
            session.subject(),
            EnumSet.of(Role.CUSTOMER),
            TOKEN_TTL,
            auth.issuer(),
            auth.audience());
    JsonObject body =
        new JsonObject()
            .put("token", token)
            .put("expires_at", now.plus(TOKEN_TTL).toString())
            .put(
                "resume",
                resumeKeys.issue(request.tenant(), request.inbox(), session.contact(), now))
            .put("tenant", request.tenant())
            .put("inbox_id", request.inbox().toString())
            .put("contact_id", session.contact().toString())
            .put("conversation_id", session.conversation().toString())
            .put("user", session.subject())
            .put("voice", session.voice());
    return new ApiResponse(session.opened() ? 201 : 200, body, null);
  }
}
