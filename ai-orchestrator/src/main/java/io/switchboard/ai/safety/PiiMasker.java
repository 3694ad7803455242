package io.switchboard.ai.safety;

import io.switchboard.ai.model.ChatTurn;
import io.switchboard.ai.model.ModelRequest;
import io.switchboard.ai.retrieval.Passage;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Masks personal data in text bound for an external model: email addresses, card numbers (13 to 19
 * digits passing the Luhn check), IBANs and phone numbers (7 to 15 digits). Short numbers such as
 * order or ticket numbers stay, since the model needs them to help and they identify nobody.
 */
public final class PiiMasker {

  /** Fewest digits of a phone number; fewer is an order number, a quantity or a year. */
  public static final int MIN_PHONE_DIGITS = 7;

  /** Most digits of a phone number (E.164). */
  public static final int MAX_PHONE_DIGITS = 15;

  private static final Pattern EMAIL =
      Pattern.compile("[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\\.[A-Za-z0-9-]+)*\\.[A-Za-z]{2,}");

  // Country code, check digits, then 10 to 30 letters or digits, in groups of four or not.
  private static final Pattern IBAN =
      Pattern.compile("\\b[A-Z]{2}\\d{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,4})?\\b");

  private static final Pattern CARD =
      Pattern.compile("(?<![\\w-])\\d(?:[ -]?\\d){12,18}(?![\\w-])");

  private static final Pattern PHONE =
      Pattern.compile("(?<![\\w+])(?:\\+|00)?\\(?\\d[\\d ().-]{5,}\\d(?![\\w-])");

  private static final Pattern ISO_DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");

  private PiiMasker() {}

  /**
   * {@code request} with the customer's words masked: the history, the question and the passages
   * (the tenant's public help texts, which may still quote an address). The tenant's own
   * instructions are left as written.
   */
  public static ModelRequest masked(ModelRequest request) {
    List<ChatTurn> history = new ArrayList<>(request.history().size());
    request.history().forEach(turn -> history.add(new ChatTurn(turn.speaker(), mask(turn.text()))));
    List<Passage> passages = new ArrayList<>(request.context().size());
    request
        .context()
        .forEach(
            p -> passages.add(new Passage(p.articleId(), p.title(), mask(p.text()), p.score())));
    return new ModelRequest(
        request.instructions(),
        history,
        mask(request.question()),
        passages,
        request.maxOutputTokens());
  }

  /** {@code text} with emails, cards, IBANs and phone numbers replaced by a placeholder. */
  public static String mask(String text) {
    if (text == null || text.isEmpty()) {
      return text;
    }
    String masked = EMAIL.matcher(text).replaceAll("[email]");
    masked = IBAN.matcher(masked).replaceAll("[iban]");
    masked = replace(masked, CARD, found -> luhn(digits(found)) ? "[card]" : found);
    return replace(masked, PHONE, PiiMasker::phoneOrAsIs);
  }

  private static String phoneOrAsIs(String found) {
    int count = digits(found).length();
    boolean phone =
        count >= MIN_PHONE_DIGITS
            && count <= MAX_PHONE_DIGITS
            && !ISO_DATE.matcher(found.trim()).matches();
    return phone ? "[phone]" : found;
  }

  private static String replace(String text, Pattern pattern, Function<String, String> by) {
    Matcher matcher = pattern.matcher(text);
    StringBuilder out = new StringBuilder(text.length());
    while (matcher.find()) {
      matcher.appendReplacement(out, Matcher.quoteReplacement(by.apply(matcher.group())));
    }
    matcher.appendTail(out);
    return out.toString();
  }

  private static String digits(String text) {
    StringBuilder digits = new StringBuilder(text.length());
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c >= '0' && c <= '9') {
        digits.append(c);
      }
    }
    return digits.toString();
  }

  /** The Luhn check that every payment card number passes and most other numbers do not. */
  static boolean luhn(String digits) {
    int sum = 0;
    boolean twice = false;
    for (int i = digits.length() - 1; i >= 0; i--) {
      int d = digits.charAt(i) - '0';
      if (twice) {
        d *= 2;
        if (d > 9) {
          d -= 9;
        }
      }
      sum += d;
      twice = !twice;
    }
    return sum % 10 == 0;
  }
}
