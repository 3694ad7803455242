package io.switchboard.ai.retrieval;

/**
 * One embedded chunk of an article, as stored for one embedding model.
 *
 * @param articleId the article's id
 * @param articleVersion the article's version the chunk was made from
 * @param chunkNo its place in the article, from 0
 * @param title the article's title
 * @param text the chunk's text
 * @param embedding unit vector of title and text
 */
public record StoredChunk(
    String articleId,
    long articleVersion,
    int chunkNo,
    String title,
    String text,
    float[] embedding) {

  /** Which chunk this is. */
  public ChunkKey key() {
    return new ChunkKey(articleId, chunkNo);
  }

  /** This chunk without its embedding, for an index whose store searches the vectors. */
  StoredChunk withoutEmbedding() {
    return new StoredChunk(articleId, articleVersion, chunkNo, title, text, new float[0]);
  }
}
