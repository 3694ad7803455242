package io.switchboard.ai.retrieval;

/**
 * A published knowledge-base article as retrieval needs it.
 *
 * @param id the article's id
 * @param title its title
 * @param body its text
 * @param version incremented by every edit; stored chunks of an older version are re-embedded
 */
public record KbArticle(String id, String title, String body, long version) {}
