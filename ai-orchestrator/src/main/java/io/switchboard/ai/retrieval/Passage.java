package io.switchboard.ai.retrieval;

/**
 * A piece of a published knowledge-base article that matches a question.
 *
 * @param articleId the article's id
 * @param title the article's title
 * @param text the chunk's text, as written in the article
 * @param score how well it matches, from 0 to 1
 */
public record Passage(String articleId, String title, String text, double score) {}
