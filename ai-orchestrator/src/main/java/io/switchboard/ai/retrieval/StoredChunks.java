package io.switchboard.ai.retrieval;

import java.util.List;

/**
 * A tenant's stored chunks for one embedding model.
 *
 * @param chunks the chunks
 * @param vectorSearch whether the store finds the nearest chunks itself ({@link
 *     ChunkStore#nearest}); then the chunks' embeddings need not be held in memory
 */
public record StoredChunks(List<StoredChunk> chunks, boolean vectorSearch) {}
