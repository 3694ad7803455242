package io.switchboard.platform.auth;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpResponseExpectation;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fetches a JSON Web Key Set and keeps the asymmetric signing keys in it; symmetric keys are
 * dropped because a key published at a URL is no secret.
 */
final class JwksClient {

  /** How long one fetch may take before the keys already held stay in use. */
  static final Duration FETCH_TIMEOUT = Duration.ofSeconds(10);

  /** Largest key set accepted; real ones hold a handful of keys in a few KiB. */
  static final int MAX_JWKS_BYTES = 256 * 1024;

  /** The algorithms a published key may claim; anything else is not an asymmetric signature. */
  private static final Set<String> ASYMMETRIC_ALGORITHMS =
      Set.of("RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512");

  private static final Logger LOG = LoggerFactory.getLogger(JwksClient.class);

  private final WebClient client;
  private final String url;

  JwksClient(Vertx vertx, String url) {
    this.client = WebClient.create(vertx);
    this.url = url;
  }

  /** The signing keys currently published at the URL, as JWK objects. */
  Future<List<JsonObject>> fetch() {
    return client
        .getAbs(url)
        .timeout(FETCH_TIMEOUT.toMillis())
        .send()
        .expecting(HttpResponseExpectation.SC_OK)
        .map(this::signingKeys)
        .recover(
            failure ->
                Future.failedFuture(
                    new IllegalStateException(
                        "cannot fetch the JWKS from " + url + ": " + failure.getMessage(),
                        failure)));
  }

  void close() {
    client.close();
  }

  private List<JsonObject> signingKeys(HttpResponse<Buffer> response) {
    Buffer body = response.body();
    if (body == null || body.length() > MAX_JWKS_BYTES) {
      throw new IllegalStateException(
          "the JWKS is empty or larger than " + MAX_JWKS_BYTES + " bytes");
    }
    JsonArray keys = new JsonObject(body).getJsonArray("keys");
    if (keys == null) {
      throw new IllegalStateException("the JWKS has no 'keys' array");
    }
    List<JsonObject> signingKeys = new ArrayList<>();
    for (Object entry : keys) {
      if (entry instanceof JsonObject key && isAsymmetricSigningKey(key)) {
        signingKeys.add(key);
      } else {
        LOG.warn("Ignoring a JWKS entry from {} that is not an RSA or EC signing key", url);
      }
    }
    return signingKeys;
  }

  /** The {@code alg} of a JWK, defaulting by key type as vertx-auth-jwt does. */
  static String algorithmOf(JsonObject jwk) {
    Object alg = jwk.getValue("alg");
    if (alg != null) {
      return alg instanceof String name ? name : "";
    }
    Object type = jwk.getValue("kty");
    return "RSA".equals(type) ? "RS256" : "EC".equals(type) ? "ES256" : "";
  }

  private static boolean isAsymmetricSigningKey(JsonObject key) {
    Object use = key.getValue("use");
    Object type = key.getValue("kty");
    String alg = algorithmOf(key);
    return (use == null || "sig".equals(use))
        && ("RSA".equals(type) || "EC".equals(type))
        && ASYMMETRIC_ALGORITHMS.contains(alg)
        // an RSA key labelled ES256 (or the reverse) is a publishing mistake, not a usable key
        && alg.startsWith("ES") == "EC".equals(type);
  }
}
