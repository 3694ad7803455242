package io.switchboard.voice.tts;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Splitting a streamed AI reply into sentences to speak")
class SentenceSplitterTest {

  private final SentenceSplitter splitter = new SentenceSplitter();

  /** Feeds {@code reply} one character at a time, as the slowest stream would. */
  private List<String> streamed(String reply) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < reply.length(); i++) {
      out.addAll(splitter.accept(String.valueOf(reply.charAt(i))));
    }
    out.addAll(splitter.finish());
    return out;
  }

  @Test
  @DisplayName("a sentence is handed out as soon as the space after its full stop arrives")
  void sentenceOutAsSoonAsItEnds() {
    assertThat(splitter.accept("Hello there")).isEmpty();
    assertThat(splitter.accept(".")).isEmpty();
    assertThat(splitter.accept(" How")).containsExactly("Hello there.");
    assertThat(splitter.accept(" are you? I")).containsExactly("How are you?");
    assertThat(splitter.finish()).containsExactly("I");
  }

  @Test
  @DisplayName("full stops, exclamation and question marks all end sentences")
  void allTerminators() {
    assertThat(streamed("Done. Great! Anything else? Bye."))
        .containsExactly("Done.", "Great!", "Anything else?", "Bye.");
  }

  @Test
  @DisplayName("the last sentence comes out on finish even without a space after it")
  void lastSentenceOnFinish() {
    assertThat(splitter.accept("It is shipped.")).isEmpty();
    assertThat(splitter.finish()).containsExactly("It is shipped.");
  }

  @Test
  @DisplayName("abbreviations, initials and decimals do not end a sentence")
  void abbreviationsDoNotSplit() {
    assertThat(
            streamed(
                "Dr. Smith will call you. Bring an ID, e.g. a passport. It costs 3.5 dollars in"
                    + " the U.S. today. Ask J. Doe, Mr. Brown or Mrs. Green."))
        .containsExactly(
            "Dr. Smith will call you.",
            "Bring an ID, e.g. a passport.",
            "It costs 3.5 dollars in the U.S. today.",
            "Ask J. Doe, Mr. Brown or Mrs. Green.");
  }

  @Test
  @DisplayName("a number at the end of a sentence still ends it")
  void numberBeforeFullStop() {
    assertThat(streamed("Your order is 42. It ships today."))
        .containsExactly("Your order is 42.", "It ships today.");
  }

  @Test
  @DisplayName("a decimal split across deltas is not cut at its point")
  void decimalAcrossDeltas() {
    assertThat(splitter.accept("That is 3.")).isEmpty();
    assertThat(splitter.accept("5 euros. Ok")).containsExactly("That is 3.5 euros.");
  }

  @Test
  @DisplayName("closing quotes and brackets stay with their sentence; repeated marks stay together")
  void closersAndRepeatedMarks() {
    assertThat(streamed("He said \"done.\" Really?! (Yes.) Wait... ok"))
        .containsExactly("He said \"done.\"", "Really?!", "(Yes.)", "Wait...", "ok");
  }

  @Test
  @DisplayName("a line break ends a piece, so list items are spoken one by one")
  void lineBreakEnds() {
    assertThat(streamed("Options:\n- refund\n- exchange\n\nWhich one"))
        .containsExactly("Options:", "- refund", "- exchange", "Which one");
  }

  @Test
  @DisplayName("a long sentence is cut at a comma within the limit, not held back")
  void longSentenceCutAtComma() {
    String first = "I have checked your account and the two orders you placed last week";
    String second =
        " and it looks like the second one was held back by the warehouse because the address on"
            + " it did not match the billing address we have on file";
    List<String> early = splitter.accept(first + "," + second);

    assertThat(early).containsExactly(first + ",");
    assertThat(splitter.finish()).containsExactly(second.strip());
  }

  @Test
  @DisplayName("a long sentence with no comma is cut at a space, never inside a word")
  void longSentenceCutAtSpace() {
    String words = "word ".repeat(60);
    List<String> pieces = streamed(words);

    assertThat(pieces).hasSizeGreaterThan(1);
    assertThat(pieces)
        .allSatisfy(
            piece -> {
              assertThat(piece.length()).isLessThanOrEqualTo(SentenceSplitter.MAX_SENTENCE_CHARS);
              assertThat(piece.split(" ")).containsOnly("word");
            });
    assertThat(String.join(" ", pieces)).isEqualTo(words.strip());
  }

  @Test
  @DisplayName("a run of characters with no space at all is cut at the limit")
  void noSpaceCutAtLimit() {
    String blob = "x".repeat(SentenceSplitter.MAX_SENTENCE_CHARS * 2 + 7);

    assertThat(streamed(blob))
        .extracting(String::length)
        .containsExactly(
            SentenceSplitter.MAX_SENTENCE_CHARS, SentenceSplitter.MAX_SENTENCE_CHARS, 7);
  }

  @Test
  @DisplayName("\"no.\" goes on before a number and ends a sentence otherwise")
  void numberSign() {
    assertThat(streamed("Order no. 5 shipped. I said no. Then he left."))
        .containsExactly("Order no. 5 shipped.", "I said no.", "Then he left.");
  }

  @Test
  @DisplayName("empty and white-space deltas hand out nothing")
  void emptyDeltas() {
    assertThat(splitter.accept("")).isEmpty();
    assertThat(splitter.accept("   ")).isEmpty();
    assertThat(splitter.finish()).isEmpty();
  }

  @Test
  @DisplayName("after finish the splitter starts a new reply clean")
  void reusableAfterFinish() {
    splitter.accept("Left over");
    splitter.finish();

    assertThat(streamed("New reply. Here.")).containsExactly("New reply.", "Here.");
  }

  @Test
  @DisplayName("deltas of any size give the same sentences")
  void deltaSizeDoesNotMatter() {
    String reply = "Hi! I found your order, no. 12345. It left the U.S. on Monday. Anything else?";

    List<String> whole = new ArrayList<>(splitter.accept(reply));
    whole.addAll(splitter.finish());

    assertThat(streamed(reply)).isEqualTo(whole);
    assertThat(whole)
        .containsExactly(
            "Hi!",
            "I found your order, no. 12345.",
            "It left the U.S. on Monday.",
            "Anything else?");
  }
}
