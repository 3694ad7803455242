package io.switchboard.platform.auth;

import io.switchboard.platform.config.AuthConfig;
import io.switchboard.platform.config.ConfigException;
import io.switchboard.platform.error.Unauthenticated;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.NoSuchKeyIdException;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.authentication.TokenCredentials;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Verifies JWS signatures with vertx-auth-jwt and checks every claim itself, so that each refusal
 * carries a precise reason; keys from a JWKS are refreshed on a timer and when a token names a key
 * id not seen yet.
 */
final class JwtTokenVerifier implements TokenVerifier {

  /**
   * Shortest time between two JWKS fetches caused by unknown key ids, so that tokens with made-up
   * key ids cannot turn this service into a flood against the identity provider.
   */
  static final Duration UNKNOWN_KID_REFETCH_INTERVAL = Duration.ofSeconds(10);

  private static final Logger LOG = LoggerFactory.getLogger(JwtTokenVerifier.class);

  private final Vertx vertx;
  private final List<PubSecKeyOptions> fixedKeys;
  private final JwksClient jwks;
  private final ClaimRules claimRules;
  private final Duration refreshPeriod;
  private final Duration unknownKidRefetchInterval;
  private final VerifiedTokens verified = new VerifiedTokens();

  private volatile KeySet keys;
  private volatile long refreshTimer = -1;

  /** The most recently started JWKS fetch; every token waiting for new keys waits on it. */
  private Future<KeySet> latestFetch; // guarded by this

  private long latestFetchStartNanos; // guarded by this

  private JwtTokenVerifier(
      Vertx vertx,
      AuthConfig config,
      List<PubSecKeyOptions> fixedKeys,
      Duration refreshPeriod,
      Duration unknownKidRefetchInterval) {
    this.vertx = vertx;
    this.fixedKeys = fixedKeys;
    // first, so that keys the library refuses fail creation before a web client is opened
    this.keys = KeySet.of(vertx, fixedKeys, List.of());
    this.jwks = config.jwksUrl().isEmpty() ? null : new JwksClient(vertx, config.jwksUrl());
    this.claimRules = new ClaimRules(config);
    this.refreshPeriod = refreshPeriod;
    this.unknownKidRefetchInterval = unknownKidRefetchInterval;
  }

  static Future<TokenVerifier> create(Vertx vertx, AuthConfig config) {
    return create(
        vertx,
        config,
        Duration.ofSeconds(config.jwksRefreshSeconds()),
        UNKNOWN_KID_REFETCH_INTERVAL);
  }

  /** As {@link #create(Vertx, AuthConfig)}, with JWKS timings tests can shorten. */
  static Future<TokenVerifier> create(
      Vertx vertx, AuthConfig config, Duration refreshPeriod, Duration unknownKidRefetchInterval) {
    if (config.hmacSecret().isEmpty() && !config.hasProductionKeys()) {
      return Future.failedFuture(
          new ConfigException(
              "auth",
              "has no key to verify tokens with: set auth.hmac-secret, auth.public-keys or"
                  + " auth.jwks-url"));
    }
    return loadFixedKeys(vertx, config)
        .compose(
            fixedKeys ->
                new JwtTokenVerifier(
                        vertx, config, fixedKeys, refreshPeriod, unknownKidRefetchInterval)
                    .start());
  }

  @Override
  public Future<Caller> verify(String token) {
    Caller known = verified.get(token, keys);
    if (known != null) {
      try {
        claimRules.requireUnexpired(known, Instant.now());
      } catch (Unauthenticated expired) {
        verified.remove(token);
        return Future.failedFuture(expired);
      }
      return Future.succeededFuture(known);
    }
    CompactJwt jwt;
    try {
      jwt = CompactJwt.parse(token);
      ClaimRules.checkTimeClaims(jwt.claims());
    } catch (Unauthenticated refused) {
      return Future.failedFuture(refused);
    }
    return keysFor(jwt)
        .compose(
            current ->
                verifySignature(current, token, jwt)
                    .map(
                        signed -> {
                          Caller caller = claimRules.check(jwt.claims(), Instant.now());
                          verified.put(token, current, caller);
                          return caller;
                        }));
  }

  @Override
  public void close() {
    if (refreshTimer >= 0) {
      vertx.cancelTimer(refreshTimer);
    }
    if (jwks != null) {
      jwks.close();
    }
  }

  private static Future<List<PubSecKeyOptions>> loadFixedKeys(Vertx vertx, AuthConfig config) {
    List<Future<PubSecKeyOptions>> loads = new ArrayList<>();
    if (!config.hmacSecret().isEmpty()) {
      loads.add(
          Future.succeededFuture(
              new PubSecKeyOptions().setAlgorithm("HS256").setBuffer(config.hmacSecret())));
    }
    config.publicKeys().forEach(path -> loads.add(PemPublicKeys.load(vertx, path)));
    return Future.all(loads).map(all -> List.copyOf(all.<PubSecKeyOptions>list()));
  }

  private Future<TokenVerifier> start() {
    if (jwks == null) {
      return Future.succeededFuture(this);
    }
    return fetchJwks()
        .<TokenVerifier>map(
            first -> {
              refreshTimer = vertx.setPeriodic(refreshPeriod.toMillis(), id -> refreshJwks());
              return this;
            })
        .onFailure(failure -> jwks.close());
  }

  private void refreshJwks() {
    fetchJwks()
        .onFailure(failure -> LOG.warn("Keeping the JWKS keys held: {}", failure.getMessage()));
  }

  private synchronized Future<KeySet> fetchJwks() {
    latestFetchStartNanos = System.nanoTime();
    latestFetch = jwks.fetch().map(this::replaceJwks);
    return latestFetch;
  }

  private KeySet replaceJwks(List<JsonObject> published) {
    KeySet next = KeySet.of(vertx, fixedKeys, published);
    keys = next;
    return next;
  }

  private Future<KeySet> keysFor(CompactJwt jwt) {
    KeySet current = keys;
    String kid = jwt.keyId();
    if (jwks == null || kid == null || current.keyIds().contains(kid)) {
      return Future.succeededFuture(current);
    }
    return keysAfterRefetch();
  }

  /** The keys once the JWKS has been fetched again, if the last fetch is old enough to allow it. */
  private synchronized Future<KeySet> keysAfterRefetch() {
    if (System.nanoTime() - latestFetchStartNanos >= unknownKidRefetchInterval.toNanos()) {
      // the kid itself is not logged: it is whatever the sender chose to put there
      LOG.info("A token names a key id not in the JWKS; fetching the JWKS again");
      fetchJwks();
    }
    // Whether the fetch succeeded or not, verification goes on with whatever keys are held then.
    return onCallerContext(latestFetch.transform(fetched -> Future.succeededFuture(keys)));
  }

  /**
   * The same outcome, delivered on the caller's context: the fetch may have been started from
   * another event loop, and its future would run the caller's continuation there, where a
   * RoutingContext or a WebSocket of this caller must not be touched.
   */
  private static <T> Future<T> onCallerContext(Future<T> outcome) {
    Context caller = Vertx.currentContext();
    if (caller == null) {
      return outcome;
    }
    Promise<T> delivered = Promise.promise();
    outcome.onComplete(result -> caller.runOnContext(ignored -> delivered.handle(result)));
    return delivered.future();
  }

  private Future<Void> verifySignature(KeySet current, String token, CompactJwt jwt) {
    String alg = jwt.algorithm();
    if (!current.algorithms().contains(alg)) {
      return Future.failedFuture(new Unauthenticated("algorithm " + alg + " is not accepted"));
    }
    return current
        .signatures()
        .authenticate(new TokenCredentials(token))
        .<Void>mapEmpty()
        .recover(failure -> Future.failedFuture(signatureRefusal(failure, jwt)));
  }

  private static Unauthenticated signatureRefusal(Throwable failure, CompactJwt jwt) {
    if (failure instanceof NoSuchKeyIdException && jwt.keyId() != null) {
      return new Unauthenticated("no key matches the token's kid");
    }
    return new Unauthenticated("signature does not verify");
  }
}
