package io.switchboard.ai.retrieval;

import io.vertx.core.Future;
import java.util.List;

/** Where a tenant's published articles come from and their embedded chunks are kept. */
public interface ChunkStore {

  /** The tenant's published articles. */
  Future<List<KbArticle>> published(String tenant);

  /** The tenant's stored chunks for the embedding {@code model}. */
  Future<List<StoredChunk>> chunks(String tenant, String model);

  /** Replaces the stored chunks of one article for {@code model}; an empty list removes them. */
  Future<Void> replace(
      String tenant, String articleId, long articleVersion, String model, List<StoredChunk> chunks);
}
