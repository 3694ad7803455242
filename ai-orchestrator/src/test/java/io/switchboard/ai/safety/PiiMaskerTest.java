package io.switchboard.ai.safety;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.ai.model.ChatTurn;
import io.switchboard.ai.model.ModelRequest;
import io.switchboard.ai.model.Tokens;
import io.switchboard.ai.retrieval.Passage;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@DisplayName("Text bound for a model: personal data masked, prompt fitted, tokens estimated")
class PiiMaskerTest {

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "write to jane.doe+shop@example.co.uk please|write to [email] please",
        "card 4111 1111 1111 1111 expires soon|card [card] expires soon",
        "card 4111-1111-1111-1111|card [card]",
        "iban DE89 3704 0044 0532 0130 00 thanks|iban [iban] thanks",
        "call me on +49 30 1234567|call me on [phone]",
        "call me on (030) 123-4567 tonight|call me on [phone] tonight",
        "my order 12345 is late|my order 12345 is late",
        "it arrived on 2026-12-04|it arrived on 2026-12-04",
      })
  @DisplayName("personal data becomes a placeholder, order numbers and dates stay")
  void masks(String text, String masked) {
    assertThat(PiiMasker.mask(text)).isEqualTo(masked);
  }

  @Test
  @DisplayName("a 16-digit number failing the Luhn check is no card")
  void luhn() {
    assertThat(PiiMasker.mask("ref 4111 1111 1111 1112")).isEqualTo("ref 4111 1111 1111 1112");
    assertThat(PiiMasker.mask(null)).isNull();
    assertThat(PiiMasker.mask("")).isEmpty();
  }

  @Test
  @DisplayName("tokens are about a quarter of the characters, at least one for any text")
  void tokens() {
    assertThat(Tokens.estimate(null)).isZero();
    assertThat(Tokens.estimate("")).isZero();
    assertThat(Tokens.estimate("a")).isEqualTo(1);
    assertThat(Tokens.estimate("x".repeat(400))).isEqualTo(100);
  }

  @Test
  @DisplayName(
      "a prompt too large loses the oldest history, then the weakest passage, then the question's start")
  void fits() {
    ModelRequest request =
        new ModelRequest(
            "be brief",
            List.of(new ChatTurn("contact", "a".repeat(100)), new ChatTurn("bot", "b".repeat(100))),
            "q".repeat(50) + "where is my parcel?",
            List.of(
                new Passage("1", "T1", "s".repeat(100), 0.9),
                new Passage("2", "T2", "w".repeat(100), 0.4)),
            200);
    assertThat(PromptFit.chars(request)).isEqualTo(8 + 200 + 69 + 204);

    ModelRequest withoutOldest = PromptFit.fit(request, 400);
    assertThat(withoutOldest.history()).extracting(ChatTurn::speaker).containsExactly("bot");
    assertThat(withoutOldest.context()).hasSize(2);

    ModelRequest withoutWeakest = PromptFit.fit(request, 200);
    assertThat(withoutWeakest.history()).isEmpty();
    assertThat(withoutWeakest.context()).extracting(Passage::articleId).containsExactly("1");
    assertThat(withoutWeakest.question()).isEqualTo(request.question());

    ModelRequest noPassage = PromptFit.fit(request, 130);
    assertThat(noPassage.context()).isEmpty();
    assertThat(noPassage.question()).isEqualTo(request.question());

    ModelRequest shortQuestion = PromptFit.fit(request, 30);
    assertThat(shortQuestion.question()).endsWith("where is my parcel?").hasSize(22);
    assertThat(shortQuestion.instructions()).isEqualTo("be brief");

    assertThat(PromptFit.chars(PromptFit.fit(request, 3))).isLessThanOrEqualTo(3);
    assertThat(PromptFit.fit(request, 10_000)).isEqualTo(request);
  }

  @Test
  @DisplayName("a whole request: history, question and passages masked, instructions as written")
  void wholeRequest() {
    ModelRequest masked =
        PiiMasker.masked(
            new ModelRequest(
                "Write to help@acme.example when unsure.",
                List.of(new ChatTurn("contact", "I am jane@example.com")),
                "Call me on +44 20 7946 0958",
                List.of(new Passage("a1", "Contact", "Mail billing@acme.example", 0.9)),
                50));
    assertThat(masked.instructions()).isEqualTo("Write to help@acme.example when unsure.");
    assertThat(masked.history().get(0).text()).isEqualTo("I am [email]");
    assertThat(masked.question()).isEqualTo("Call me on [phone]");
    assertThat(masked.context().get(0).text()).isEqualTo("Mail [email]");
    assertThat(masked.context().get(0).score()).isEqualTo(0.9);
    assertThat(masked.maxOutputTokens()).isEqualTo(50);
  }
}
