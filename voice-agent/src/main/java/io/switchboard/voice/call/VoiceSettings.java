package io.switchboard.voice.call;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A tenant's voice settings, from {@code settings.voice} of its tenant record: whether the AI agent
 * answers, what callers hear first, and the menu that routes a call to an inbox by key or by word.
 * Settings that are missing or malformed fall back to the defaults (AI on, no greeting, no menu): a
 * typo in a tenant's settings must not take its phone line down.
 *
 * @param voiceEnabled whether the tenant has the voice module
 * @param ai whether the AI agent takes the caller's turns
 * @param greeting said when the call starts, or empty
 * @param menuPrompt said after the greeting when there is a menu, or empty
 * @param options the menu's choices; empty for no menu
 */
public record VoiceSettings(
    boolean voiceEnabled,
    boolean ai,
    String greeting,
    String menuPrompt,
    List<MenuOption> options) {

  /** Longest greeting or prompt, in characters. */
  public static final int MAX_PROMPT_CHARS = 1000;

  /** Most menu options. */
  public static final int MAX_OPTIONS = 16;

  /** Words that ask for a person at any point of the call. */
  public static final List<String> HUMAN_WORDS =
      List.of("agent", "operator", "human", "representative");

  /** Settings of a tenant with nothing configured. */
  public static final VoiceSettings DEFAULTS = new VoiceSettings(true, true, "", "", List.of());

  /**
   * One choice of the menu.
   *
   * @param digit the key that picks it
   * @param phrase the word or words that pick it, lower case
   * @param inboxId the inbox the call goes to
   * @param reply said when it is picked, or empty
   */
  public record MenuOption(char digit, String phrase, String inboxId, String reply) {}

  public VoiceSettings {
    options = List.copyOf(options);
  }

  /** The settings in a tenant record as crud-api renders it. */
  public static VoiceSettings of(JsonObject tenant) {
    Object modules = tenant.getValue("modules");
    boolean enabled = !(modules instanceof JsonArray list) || list.contains("voice");
    Object settings = tenant.getValue("settings");
    Object voice = settings instanceof JsonObject s ? s.getValue("voice") : null;
    if (!(voice instanceof JsonObject v)) {
      return new VoiceSettings(enabled, true, "", "", List.of());
    }
    boolean ai = !(v.getValue("ai") instanceof Boolean b) || b;
    String greeting = text(v.getValue("greeting"));
    Object menuValue = v.getValue("menu");
    if (!(menuValue instanceof JsonObject menu)) {
      return new VoiceSettings(enabled, ai, greeting, "", List.of());
    }
    List<MenuOption> options = new ArrayList<>();
    if (menu.getValue("options") instanceof JsonArray array) {
      for (Object item : array) {
        MenuOption option = option(item);
        if (option != null && options.size() < MAX_OPTIONS) {
          options.add(option);
        }
      }
    }
    return new VoiceSettings(enabled, ai, greeting, text(menu.getValue("prompt")), options);
  }

  /** Whether the call starts with a menu. */
  public boolean hasMenu() {
    return !options.isEmpty();
  }

  /** The option picked by {@code digit}, or null. */
  public MenuOption byDigit(char digit) {
    for (MenuOption option : options) {
      if (option.digit() == digit) {
        return option;
      }
    }
    return null;
  }

  /** The option whose phrase the caller said, or null. */
  public MenuOption bySpeech(String said) {
    String words = " " + said.toLowerCase(Locale.ROOT) + " ";
    for (MenuOption option : options) {
      if (words.contains(" " + option.phrase() + " ")) {
        return option;
      }
    }
    return null;
  }

  /** The phrases a caller may say at the menu: its options and the words asking for a person. */
  public List<String> menuPhrases() {
    List<String> phrases = new ArrayList<>();
    options.forEach(option -> phrases.add(option.phrase()));
    phrases.addAll(HUMAN_WORDS);
    return phrases;
  }

  /** Whether {@code said} asks for a person. */
  public static boolean asksForHuman(String said) {
    String words = " " + said.toLowerCase(Locale.ROOT) + " ";
    return HUMAN_WORDS.stream().anyMatch(word -> words.contains(" " + word + " "));
  }

  private static MenuOption option(Object item) {
    if (!(item instanceof JsonObject o)) {
      return null;
    }
    Object digit = o.getValue("digit");
    Object phrase = o.getValue("say");
    Object inbox = o.getValue("inbox_id");
    if (!(digit instanceof String d)
        || d.length() != 1
        || "0123456789*#".indexOf(d.charAt(0)) < 0) {
      return null;
    }
    if (!(phrase instanceof String p) || p.isBlank() || p.length() > 100) {
      return null;
    }
    if (!(inbox instanceof String i) || i.isBlank() || i.length() > 64) {
      return null;
    }
    return new MenuOption(
        d.charAt(0), p.trim().toLowerCase(Locale.ROOT), i, text(o.getValue("reply")));
  }

  private static String text(Object value) {
    if (!(value instanceof String s)) {
      return "";
    }
    return s.length() > MAX_PROMPT_CHARS ? s.substring(0, MAX_PROMPT_CHARS) : s;
  }
}
