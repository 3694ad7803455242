package io.switchboard.voice.call;

import io.switchboard.platform.auth.Caller;
import io.switchboard.platform.auth.Role;
import io.switchboard.platform.auth.TokenVerifier;
import io.switchboard.platform.config.VoiceConfig;
import io.switchboard.voice.limits.TenantCallLimits;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Instant;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The way into a call for every voice endpoint of one event loop: verifies the token, admits the
 * call within the node's and the tenant's limits, starts its session, and gives the places back
 * when it ends.
 */
public final class VoiceGate {

  private static final Logger LOG = LoggerFactory.getLogger(VoiceGate.class);

  /** The user id the voice role writes call records under. */
  public static final String SERVICE_USER = "voice-agent";

  private final CallServices services;
  private final TokenVerifier tokens;
  private final TenantCallLimits limits;
  private final LocalCalls calls;
  // Calls live on this gate's event loop: a plain map, touched only there.
  private final Map<CallSession, Place> places = new HashMap<>();

  /** A call's place in its tenant's limit and the timer that renews it. */
  private record Place(String id, long renewal) {}

  public VoiceGate(
      CallServices services, TokenVerifier tokens, TenantCallLimits limits, LocalCalls calls) {
    this.services = services;
    this.tokens = tokens;
    this.limits = limits;
    this.calls = calls;
  }

  public Vertx vertx() {
    return services.vertx();
  }

  public VoiceConfig config() {
    return services.config();
  }

  public VoiceMetrics metrics() {
    return services.metrics();
  }

  public LocalCalls calls() {
    return calls;
  }

  /** What the monitors and browsers need besides the gate: the node's services. */
  public CallServices services() {
    return services;
  }

  /** The verified caller of {@code token}; refused with 4001 when it is missing or invalid. */
  public Future<Caller> verify(String token) {
    if (token == null || token.isBlank()) {
      return Future.failedFuture(new CallRefused(VoiceClose.UNAUTHENTICATED, "no token"));
    }
    return tokens
        .verify(token)
        .recover(
            failure ->
                Future.failedFuture(
                    new CallRefused(
                        VoiceClose.UNAUTHENTICATED, "token refused: " + failure.getMessage())));
  }

  /** Admits and starts a call on {@code line} for {@code caller}'s tenant. */
  public Future<CallSession> open(CallLine line, Caller caller, String direction) {
    if (services.metrics().activeCalls() >= services.config().maxCallsPerNode()) {
      return Future.failedFuture(
          new CallRefused(VoiceClose.UNAVAILABLE, "this node takes no more calls"));
    }
    String tenant = caller.tenantId();
    String place = UUID.randomUUID().toString();
    Caller service =
        new Caller(
            tenant, SERVICE_USER, EnumSet.of(Role.SERVICE), Instant.now().plusSeconds(86_400));
    CallSession session = new CallSession(services, line, service, direction);
    return limits
        .acquire(tenant, place)
        .recover(
            failure -> {
              // Redis down: take the call rather than refuse every caller; the node limit holds.
              LOG.warn("Tenant call limit not checked (Redis): {}", failure.getMessage());
              return Future.succeededFuture(true);
            })
        .compose(
            admitted ->
                admitted
                    ? session.start()
                    : Future.failedFuture(
                        new CallRefused(
                            VoiceClose.TENANT_LIMIT, "the tenant is at its call limit")))
        .map(
            id -> {
              long renewal =
                  vertx()
                      .setPeriodic(TenantCallLimits.RENEW_MS, t -> limits.acquire(tenant, place));
              places.put(session, new Place(place, renewal));
              return session;
            })
        .onFailure(failure -> limits.release(tenant, place));
  }

  /** Gives the call's places back once it has ended. */
  public void release(CallSession session) {
    Place place = places.remove(session);
    if (place != null) {
      vertx().cancelTimer(place.renewal());
      limits.release(session.tenant(), place.id());
    }
  }
}
