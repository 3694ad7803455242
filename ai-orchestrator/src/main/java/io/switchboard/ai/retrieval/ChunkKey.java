package io.switchboard.ai.retrieval;

/**
 * Which chunk: an article and the chunk's place in it.
 *
 * @param articleId the article's id
 * @param chunkNo the chunk's place in the article, from 0
 */
public record ChunkKey(String articleId, int chunkNo) {}
