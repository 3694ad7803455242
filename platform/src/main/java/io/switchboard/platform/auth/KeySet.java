package io.switchboard.platform.auth;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * One immutable snapshot of the keys tokens are verified with; a JWKS refresh builds a new one
 * instead of changing this one under a verification in progress.
 *
 * @param signatures checks signatures only; every claim is checked by {@link ClaimRules}
 * @param algorithms the {@code alg} values some key here verifies
 * @param keyIds the {@code kid} values of the JWKS keys
 */
record KeySet(JWTAuth signatures, Set<String> algorithms, Set<String> keyIds) {

  static KeySet of(Vertx vertx, List<PubSecKeyOptions> fixedKeys, List<JsonObject> jwks) {
    Set<String> algorithms = new HashSet<>();
    Set<String> keyIds = new HashSet<>();
    fixedKeys.forEach(key -> algorithms.add(key.getAlgorithm()));
    for (JsonObject jwk : jwks) {
      algorithms.add(JwksClient.algorithmOf(jwk));
      if (jwk.getValue("kid") instanceof String kid) {
        keyIds.add(kid);
      }
    }
    JWTAuthOptions options =
        new JWTAuthOptions()
            // expiry is ClaimRules' job, so that an expired token gets its own precise refusal
            .setJWTOptions(new JWTOptions().setIgnoreExpiration(true))
            .setPubSecKeys(List.copyOf(fixedKeys))
            .setJwks(List.copyOf(jwks));
    return new KeySet(JWTAuth.create(vertx, options), Set.copyOf(algorithms), Set.copyOf(keyIds));
  }
}
