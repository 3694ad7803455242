package io.switchboard.ai.retrieval;

import io.vertx.core.Future;

/** Searches one tenant's published knowledge base; never another tenant's. */
public interface KnowledgeSearch {

  /** The best {@code limit} passages for {@code question} in {@code tenant}'s articles. */
  Future<Retrieval> search(String tenant, String question, int limit);
}
