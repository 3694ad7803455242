package io.switchboard.crud.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.switchboard.crud.ai.VectorColumn;
import io.switchboard.crud.db.PgliteServer;
import io.switchboard.crud.db.TenantTransactions;
import io.switchboard.platform.auth.Caller;
import io.switchboard.platform.auth.Role;
import io.switchboard.platform.crud.CrudClient;
import io.switchboard.platform.error.Forbidden;
import io.switchboard.platform.error.Invalid;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Tuple;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumSet;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Knowledge-base chunks in a database that has pgvector: stored with vectors, the nearest found by
 * PostgreSQL's index, within the tenant only. The database is PGlite with its pgvector build.
 */
@DisplayName("Knowledge-base vector search where the database has pgvector")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class VectorSearchTest {

  private static final int DIMENSIONS = 384;
  private static final String MODEL = "all-minilm-l6-v2";

  private PgliteServer database;
  private ApiFixture api;
  private CrudClient crud;
  private final String tenant = ApiFixture.tenant("vec");
  private final String otherTenant = ApiFixture.tenant("vecb");

  @BeforeAll
  void start() throws Exception {
    database = PgliteServer.start();
    api = ApiFixture.on(database);
    crud = new CrudClient(api.vertx.eventBus(), true);
    api.inbox(tenant);
    api.inbox(otherTenant);
  }

  @AfterAll
  void stop() throws Exception {
    if (api != null) {
      api.close();
    }
    database.close();
  }

  private static Caller service(String tenant) {
    return new Caller(tenant, "ai-agent", EnumSet.of(Role.SERVICE), Instant.MAX);
  }

  private static <T> Throwable failure(Future<T> future) {
    return future.transform(done -> Future.succeededFuture(done.cause())).await();
  }

  /** A unit vector of {@code dimensions} pointing mostly along axis {@code axis}. */
  private static float[] along(int dimensions, int axis, float lean) {
    float[] v = new float[dimensions];
    v[axis] = 1;
    v[(axis + 1) % dimensions] = lean;
    float norm = (float) Math.sqrt(1 + lean * lean);
    for (int i = 0; i < dimensions; i++) {
      v[i] /= norm;
    }
    return v;
  }

  private static String base64(float[] values) {
    ByteBuffer bytes = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
    for (float value : values) {
      bytes.putFloat(value);
    }
    return Base64.getEncoder().encodeToString(bytes.array());
  }

  private void store(String tenant, String article, String model, float[]... vectors) {
    JsonArray chunks = new JsonArray();
    for (int i = 0; i < vectors.length; i++) {
      chunks.add(
          new JsonObject()
              .put("chunk_no", i)
              .put("title", "Article " + article)
              .put("text", "Chunk " + i)
              .put("embedding", base64(vectors[i])));
    }
    crud.replaceKnowledgeChunks(
            service(tenant),
            new JsonObject()
                .put("article_id", article)
                .put("article_version", 1)
                .put("model", model)
                .put("chunks", chunks))
        .await();
  }

  private JsonArray nearest(
      String tenant, String model, float[] vector, int limit, JsonArray also) {
    JsonObject search =
        new JsonObject().put("model", model).put("embedding", base64(vector)).put("limit", limit);
    if (also != null) {
      search.put("also", also);
    }
    return crud.nearestKnowledgeChunks(service(tenant), search).await().getJsonArray("chunks");
  }

  private static JsonObject without(JsonObject json, String field) {
    JsonObject copy = json.copy();
    copy.remove(field);
    return copy;
  }

  private static List<String> keys(JsonArray chunks) {
    List<String> keys = new ArrayList<>();
    for (Object each : chunks) {
      JsonObject c = (JsonObject) each;
      keys.add(c.getString("article_id") + "#" + c.getInteger("chunk_no"));
    }
    return keys;
  }

  @Test
  @DisplayName(
      "the nearest chunks come from the index in order of similarity, with the ones asked for by"
          + " keyword, and never another tenant's, even when that tenant's are nearer")
  void nearestWithinTenant() {
    String refunds = UUID.randomUUID().toString();
    String shipping = UUID.randomUUID().toString();
    store(tenant, refunds, MODEL, along(DIMENSIONS, 0, 0.3f), along(DIMENSIONS, 5, 0f));
    store(tenant, shipping, MODEL, along(DIMENSIONS, 0, 0.9f), along(DIMENSIONS, 9, 0f));
    // Another tenant's chunks lie nearer the question than any of this tenant's, and outnumber
    // what an index scan looks at by default: row-level security still filters them all out.
    for (int i = 0; i < 60; i++) {
      store(otherTenant, UUID.randomUUID().toString(), MODEL, along(DIMENSIONS, 0, 0.01f * i));
    }

    JsonObject listed = crud.knowledgeChunks(service(tenant), MODEL).await();
    assertThat(listed.getBoolean("vector_search")).isTrue();
    assertThat(listed.getJsonArray("chunks")).hasSize(4);
    // The database holds the vectors; the AI role's index does not need them.
    assertThat(listed.getJsonArray("chunks").getJsonObject(0).containsKey("embedding")).isFalse();

    float[] question = along(DIMENSIONS, 0, 0f);
    JsonArray found = nearest(tenant, MODEL, question, 2, null);
    assertThat(keys(found)).containsExactly(refunds + "#0", shipping + "#0");
    double expected = 1 / Math.sqrt(1 + 0.3 * 0.3);
    assertThat(found.getJsonObject(0).getDouble("similarity")).isCloseTo(expected, within(1e-4));

    // A chunk found by keyword is scored too, however far; another tenant's is not, even by id.
    String foreign = UUID.randomUUID().toString();
    store(otherTenant, foreign, MODEL, along(DIMENSIONS, 9, 0f));
    JsonArray also =
        new JsonArray()
            .add(new JsonObject().put("article_id", shipping).put("chunk_no", 1))
            .add(new JsonObject().put("article_id", foreign).put("chunk_no", 0));
    JsonArray withAlso = nearest(tenant, MODEL, question, 1, also);
    assertThat(keys(withAlso)).containsExactlyInAnyOrder(refunds + "#0", shipping + "#1");
    for (Object each : withAlso) {
      JsonObject c = (JsonObject) each;
      if (c.getInteger("chunk_no") == 1) {
        assertThat(c.getDouble("similarity")).isCloseTo(0, within(1e-4));
      }
    }
    assertThat(keys(nearest(otherTenant, MODEL, question, 100, null)))
        .doesNotContain(refunds + "#0", shipping + "#0");
  }

  @Test
  @DisplayName("the search of 384-dimension vectors can take the HNSW index")
  void indexServesTheSearch() {
    // On a few rows the planner rightly sorts the tenant's chunks; without sorting, the ordered
    // scan it must find is the vector index's.
    String plan =
        new TenantTransactions(api.pool)
            .inTenant(
                tenant,
                tx ->
                    tx.query("SET LOCAL enable_sort = off")
                        .execute()
                        .compose(
                            off ->
                                tx.preparedQuery(
                                        "EXPLAIN SELECT article_id FROM kb_chunks WHERE model = $1"
                                            + " AND vector_dims(vec) = 384 ORDER BY"
                                            + " vec::vector(384) <=> CAST($2::text AS vector(384))"
                                            + " LIMIT 5")
                                    .execute(Tuple.of(MODEL, vectorText(along(DIMENSIONS, 0, 0)))))
                        .map(
                            rows -> {
                              StringBuilder text = new StringBuilder();
                              rows.forEach(row -> text.append(row.getString(0)).append('\n'));
                              return text.toString();
                            }))
            .await();
    assertThat(plan).contains("kb_chunks_vec_384");
  }

  private static String vectorText(float[] vector) {
    StringBuilder text = new StringBuilder("[");
    for (int i = 0; i < vector.length; i++) {
      text.append(i == 0 ? "" : ",").append(vector[i]);
    }
    return text.append(']').toString();
  }

  @Test
  @DisplayName("a model of another dimension is searched exactly, without the index")
  void otherDimension() {
    String article = UUID.randomUUID().toString();
    store(tenant, article, "tiny-model", along(3, 0, 0.1f), along(3, 2, 0f));
    assertThat(keys(nearest(tenant, "tiny-model", along(3, 2, 0.2f), 1, null)))
        .containsExactly(article + "#1");
    assertThat(nearest(otherTenant, "tiny-model", along(3, 2, 0.2f), 5, null)).isEmpty();
  }

  @Test
  @DisplayName(
      "a chunk stored before the database had pgvector is not listed, so the AI embeds its"
          + " article again; enabling twice is harmless")
  void chunksWithoutVectorsAreNotListed() {
    String article = UUID.randomUUID().toString();
    new TenantTransactions(api.pool)
        .inTenant(
            tenant,
            tx ->
                tx.preparedQuery(
                        "INSERT INTO kb_chunks (tenant_id, article_id, article_version, model,"
                            + " chunk_no, title, text, embedding) VALUES ($1, $2, 1, 'old-model',"
                            + " 0, 'Old', 'Old', $3)")
                    .execute(
                        Tuple.of(tenant, UUID.fromString(article), Buffer.buffer(new byte[16]))))
        .await();
    assertThat(crud.knowledgeChunks(service(tenant), "old-model").await().getJsonArray("chunks"))
        .isEmpty();
    store(tenant, article, "old-model", along(4, 1, 0f));
    assertThat(crud.knowledgeChunks(service(tenant), "old-model").await().getJsonArray("chunks"))
        .hasSize(1);
    assertThat(VectorColumn.ensure(api.vertx, database.url()).await()).isTrue();
  }

  @Test
  @DisplayName("wrong searches are refused with the field named, and only a service may search")
  void wrongSearches() {
    JsonObject good =
        new JsonObject()
            .put("model", MODEL)
            .put("embedding", base64(along(DIMENSIONS, 0, 0f)))
            .put("limit", 3);
    List<JsonObject> wrong =
        List.of(
            good.copy().put("limit", 0),
            good.copy().put("limit", 101),
            good.copy().put("limit", "3"),
            good.copy().put("embedding", "not base64!"),
            good.copy().put("embedding", base64(new float[] {Float.NaN, 1})),
            good.copy().put("embedding", ""),
            without(good, "model"),
            without(good, "embedding"),
            good.copy().put("also", "x"),
            good.copy().put("also", new JsonArray().add(new JsonObject().put("chunk_no", 0))),
            good.copy()
                .put(
                    "also",
                    new JsonArray()
                        .add(new JsonObject().put("article_id", "nope").put("chunk_no", 0))),
            good.copy().put("extra", true));
    for (JsonObject search : wrong) {
      assertThat(failure(crud.nearestKnowledgeChunks(service(tenant), search)))
          .as(search.encode())
          .isInstanceOf(Invalid.class);
    }
    Caller agent = new Caller(tenant, "agent-1", EnumSet.of(Role.AGENT), Instant.MAX);
    assertThat(failure(crud.nearestKnowledgeChunks(agent, good))).isInstanceOf(Forbidden.class);
    // The node keeps serving.
    assertThat(crud.nearestKnowledgeChunks(service(tenant), good).await().getJsonArray("chunks"))
        .isNotNull();
  }
}
