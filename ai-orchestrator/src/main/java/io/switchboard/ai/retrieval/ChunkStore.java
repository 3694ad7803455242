package io.switchboard.ai.retrieval;

import io.vertx.core.Future;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/** Where a tenant's published articles come from and their embedded chunks are kept. */
public interface ChunkStore {

  /** The tenant's published articles. */
  Future<List<KbArticle>> published(String tenant);

  /** The tenant's stored chunks for the embedding {@code model}. */
  Future<StoredChunks> chunks(String tenant, String model);

  /**
   * Where the store searches vectors ({@link StoredChunks#vectorSearch}): the cosine similarity to
   * {@code vector} of the tenant's {@code limit} nearest chunks of {@code model}, and of the {@code
   * also} chunks however far they are.
   */
  Future<Map<ChunkKey, Double>> nearest(
      String tenant, String model, float[] vector, int limit, Collection<ChunkKey> also);

  /** Replaces the stored chunks of one article for {@code model}; an empty list removes them. */
  Future<Void> replace(
      String tenant, String articleId, long articleVersion, String model, List<StoredChunk> chunks);
}
