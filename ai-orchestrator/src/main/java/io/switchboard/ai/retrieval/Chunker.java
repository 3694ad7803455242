package io.switchboard.ai.retrieval;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Splits an article's body into chunks of at most {@code ai.chunk-chars} characters at paragraph
 * boundaries, then sentence boundaries, then spaces; each chunk keeps the article's title so it is
 * understood on its own.
 */
public final class Chunker {

  private static final Pattern PARAGRAPHS = Pattern.compile("\\n\\s*\\n");
  private static final Pattern SENTENCES = Pattern.compile("(?<=[.!?])\\s+");

  private final int chunkChars;

  public Chunker(int chunkChars) {
    if (chunkChars < 1) {
      throw new IllegalArgumentException("chunkChars must be positive");
    }
    this.chunkChars = chunkChars;
  }

  /** One piece of an article: its number from 0, the article's title and the piece's text. */
  public record Chunk(int number, String title, String text) {}

  /** The body's chunks in order; none for a blank body. */
  public List<Chunk> chunks(String title, String body) {
    List<String> pieces = new ArrayList<>();
    for (String paragraph : PARAGRAPHS.split(body == null ? "" : body.strip())) {
      String clean = paragraph.strip().replaceAll("\\s+", " ");
      if (!clean.isEmpty()) {
        pieces.addAll(fitted(clean));
      }
    }
    List<Chunk> chunks = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    for (String piece : pieces) {
      if (current.length() > 0 && current.length() + 1 + piece.length() > chunkChars) {
        chunks.add(new Chunk(chunks.size(), title, current.toString()));
        current.setLength(0);
      }
      if (current.length() > 0) {
        current.append('\n');
      }
      current.append(piece);
    }
    if (current.length() > 0) {
      chunks.add(new Chunk(chunks.size(), title, current.toString()));
    }
    return chunks;
  }

  /** A paragraph as pieces no longer than a chunk: whole sentences, or words of a long one. */
  private List<String> fitted(String paragraph) {
    if (paragraph.length() <= chunkChars) {
      return List.of(paragraph);
    }
    List<String> pieces = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    for (String sentence : SENTENCES.split(paragraph)) {
      for (String part : words(sentence)) {
        if (current.length() > 0 && current.length() + 1 + part.length() > chunkChars) {
          pieces.add(current.toString());
          current.setLength(0);
        }
        if (current.length() > 0) {
          current.append(' ');
        }
        current.append(part);
      }
    }
    if (current.length() > 0) {
      pieces.add(current.toString());
    }
    return pieces;
  }

  /** A sentence longer than a chunk cut at spaces (or anywhere, for one endless word). */
  private List<String> words(String sentence) {
    if (sentence.length() <= chunkChars) {
      return List.of(sentence);
    }
    List<String> parts = new ArrayList<>();
    String rest = sentence;
    while (rest.length() > chunkChars) {
      int cut = rest.lastIndexOf(' ', chunkChars);
      if (cut <= 0) {
        cut = chunkChars;
      }
      parts.add(rest.substring(0, cut).strip());
      rest = rest.substring(cut).strip();
    }
    if (!rest.isEmpty()) {
      parts.add(rest);
    }
    return parts;
  }
}
