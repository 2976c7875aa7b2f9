package io.tgdesk.tickets.texts;

import io.tgdesk.schema.UniqueKeys;
import io.tgdesk.telegram.bots.BotDeleting;
import io.tgdesk.telegram.bots.BotId;
import io.tgdesk.telegram.bots.BotStore;
import io.tgdesk.web.NotBlankText;
import io.tgdesk.web.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.PersistenceException;
import jakarta.transaction.Transactional;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The texts TgDesk writes to customers, in the customer's language: for a key, the first language
 * of {@link Languages#fallbacks} ("pt-br", "pt", "en") that has a text, where within one language
 * the bot's own text (set by an admin) wins over the shipped one. So a customer always reads their
 * own language when there is a text in it, and English otherwise.
 *
 * <p>A text whose template names a placeholder that has neither a value nor a fallback is never
 * sent: {@link #render} says which are missing and {@link #text} refuses it. Rendered texts are cut
 * to Telegram's 4,096 characters. Lookups read the bot's own texts of the key (one query) and join
 * the caller's transaction, or run without one.
 */
@ApplicationScoped
public class CustomerTexts {

  /** Telegram's limit on a message's text, and so on a template. */
  public static final int MAX_TEXT = 4096;

  @PersistenceContext EntityManager em;
  @Inject BotStore bots;
  @Inject Clock clock;

  /**
   * A rendered text: the text, the language it was taken from and whether it is the bot's own; or
   * the placeholders that had no value (then it must not be sent).
   */
  public record Rendered(
      CustomerText key, String language, boolean botsOwn, String text, List<String> missing) {
    public boolean complete() {
      return missing.isEmpty();
    }
  }

  /** A text that cannot be sent: placeholders of its template had no value. */
  public static final class MissingValues extends RuntimeException {
    private final transient Rendered rendered;

    MissingValues(Rendered rendered) {
      super(
          rendered.key()
              + " ("
              + rendered.language()
              + (rendered.botsOwn() ? ", the bot's own" : ", shipped")
              + ") is not sent: "
              + String.join(", ", rendered.missing().stream().map(n -> "{" + n + "}").toList())
              + " has no value");
      this.rendered = rendered;
    }

    public Rendered rendered() {
      return rendered;
    }
  }

  /**
   * The key's text for the bot's customer of that language, rendered with the values.
   *
   * @param languageCode the customer's Telegram language_code, or null
   * @param values placeholder values by name; a missing, null or blank one counts as no value
   * @throws MissingValues when a placeholder without fallback has no value: nothing may be sent
   */
  public String text(BotId bot, String languageCode, CustomerText key, Map<String, String> values) {
    Rendered r = render(bot, languageCode, key, values);
    if (!r.complete()) {
      throw new MissingValues(r);
    }
    return r.text();
  }

  /** As {@link #text}, but answers an incomplete text instead of throwing. */
  public Rendered render(
      BotId bot, String languageCode, CustomerText key, Map<String, String> values) {
    Chosen chosen = choose(bot, languageCode, key);
    List<String> missing = chosen.template().missing(values::get);
    String text =
        missing.isEmpty() ? cut(chosen.template().render(values::get, null).strip()) : null;
    return new Rendered(key, chosen.language(), chosen.botsOwn(), text, missing);
  }

  /** The template chosen for a key and a customer's language, and where it comes from. */
  record Chosen(Template template, String language, boolean botsOwn) {}

  Chosen choose(BotId bot, String languageCode, CustomerText key) {
    List<String> languages = Languages.fallbacks(languageCode);
    List<CustomerTextOverride> own =
        em.createQuery(
                "select o from CustomerTextOverride o where o.botId = :bot and o.key = :key"
                    + " and o.language in :languages",
                CustomerTextOverride.class)
            .setParameter("bot", bot.value())
            .setParameter("key", key)
            .setParameter("languages", languages)
            .getResultList();
    for (String language : languages) {
      for (CustomerTextOverride o : own) {
        if (o.language().equals(language)) {
          Optional<Template> t = parse(key, o.text());
          if (t.isPresent()) {
            return new Chosen(t.get(), language, true);
          }
        }
      }
      Optional<Template> shipped = ShippedTexts.find(key, language);
      if (shipped.isPresent()) {
        return new Chosen(shipped.get(), language, false);
      }
    }
    throw new IllegalStateException("no English text for " + key);
  }

  // --- administration ---

  /** The body of setting a bot's own text. */
  public record TextRequest(
      @NotNull(message = "is required")
          @NotBlankText(message = "is required")
          @Size(max = MAX_TEXT, message = "is longer than " + MAX_TEXT + " characters")
          String text) {}

  /** A key, its placeholders, the shipped texts by language and the bot's own texts. */
  public record KeyView(
      String key,
      String purpose,
      Map<String, String> placeholders,
      Map<String, String> shipped,
      List<TextView> botsOwn) {}

  /**
   * A text of a key for a language: the bot's own ({@code botsOwn} true, with who set it when), or
   * the shipped one a customer of that language reads ({@code language} then says which language it
   * falls back to).
   */
  public record TextView(
      String key,
      String requestedLanguage,
      String language,
      boolean botsOwn,
      String text,
      List<String> placeholders,
      Instant updatedAt,
      String updatedBy) {}

  /** Every key with the bot's own texts. 404 for an unknown bot. */
  public List<KeyView> list(BotId bot) {
    requireBot(bot);
    List<CustomerTextOverride> own =
        em.createQuery(
                "select o from CustomerTextOverride o where o.botId = :bot order by o.language",
                CustomerTextOverride.class)
            .setParameter("bot", bot.value())
            .getResultList();
    return Arrays.stream(CustomerText.values())
        .map(
            k ->
                new KeyView(
                    k.name(),
                    k.purpose(),
                    k.placeholders(),
                    ShippedTexts.of(k),
                    own.stream()
                        .filter(o -> o.key() == k)
                        .map(o -> view(o, o.language()))
                        .toList()))
        .toList();
  }

  /** What a customer of that language reads for the key. 404 for an unknown bot or key. */
  public TextView get(BotId bot, String keyName, String languageTag) {
    requireBot(bot);
    CustomerText key = requireKey(keyName);
    String language = requireLanguage(languageTag);
    Optional<CustomerTextOverride> own = findOwn(bot, key, language);
    if (own.isPresent()) {
      return view(own.get(), language);
    }
    Chosen chosen = choose(bot, language, key);
    return new TextView(
        key.name(),
        language,
        chosen.language(),
        chosen.botsOwn(),
        chosen.template().text(),
        chosen.template().placeholders(),
        null,
        null);
  }

  /**
   * Sets the bot's own text for the key and language. 404 for an unknown bot or key, 400 for a
   * malformed language, 422 naming placeholders the key does not know (or a stray brace), 409 when
   * another admin set the same text at the same moment.
   */
  @Transactional
  public TextView set(BotId bot, String keyName, String languageTag, String text, String by) {
    requireBot(bot);
    CustomerText key = requireKey(keyName);
    String language = requireLanguage(languageTag);
    try {
      Template.parse(text, key.placeholders().keySet());
    } catch (Template.InvalidTemplate e) {
      throw ProblemException.unprocessable("text of " + key + " " + e.getMessage());
    }
    CustomerTextOverride own =
        findOwn(bot, key, language)
            .orElseGet(
                () -> {
                  CustomerTextOverride o = new CustomerTextOverride(bot.value(), key, language);
                  em.persist(o);
                  return o;
                });
    own.change(text, by, clock.instant());
    try {
      em.flush();
    } catch (PersistenceException e) {
      if (UniqueKeys.isViolation(e)) {
        throw ProblemException.conflict(
            "another admin set " + key + " in " + language + " at the same moment; send it again");
      }
      throw e;
    }
    return view(own, language);
  }

  /** Removes the bot's own text: the shipped one applies again. 404 when there is none. */
  @Transactional
  public void delete(BotId bot, String keyName, String languageTag) {
    requireBot(bot);
    CustomerText key = requireKey(keyName);
    String language = requireLanguage(languageTag);
    CustomerTextOverride own =
        findOwn(bot, key, language)
            .orElseThrow(
                () ->
                    ProblemException.notFound(
                        "bot " + bot + " has no text of its own for " + key + " in " + language));
    em.remove(own);
  }

  void onBotDeleting(@Observes BotDeleting event) {
    em.createQuery("delete from CustomerTextOverride o where o.botId = :bot")
        .setParameter("bot", event.botId().value())
        .executeUpdate();
  }

  private Optional<CustomerTextOverride> findOwn(BotId bot, CustomerText key, String language) {
    return em.createQuery(
            "select o from CustomerTextOverride o where o.botId = :bot and o.key = :key"
                + " and o.language = :language",
            CustomerTextOverride.class)
        .setParameter("bot", bot.value())
        .setParameter("key", key)
        .setParameter("language", language)
        .getResultStream()
        .findFirst();
  }

  private void requireBot(BotId bot) {
    if (bots.find(bot).isEmpty()) {
      throw ProblemException.notFound("no bot " + bot);
    }
  }

  private static CustomerText requireKey(String name) {
    return CustomerText.find(name)
        .orElseThrow(
            () ->
                ProblemException.notFound(
                    "no customer text "
                        + name
                        + "; known: "
                        + String.join(
                            ", ", Arrays.stream(CustomerText.values()).map(Enum::name).toList())));
  }

  private static String requireLanguage(String tag) {
    String language = Languages.normalize(tag);
    if (language == null) {
      throw ProblemException.badRequest(
          "language " + tag + " is not a language tag such as en, ru or pt-br");
    }
    return language;
  }

  private static TextView view(CustomerTextOverride o, String requested) {
    return new TextView(
        o.key().name(),
        requested,
        o.language(),
        true,
        o.text(),
        parse(o.key(), o.text()).map(Template::placeholders).orElse(List.of()),
        o.updatedAt(),
        o.updatedBy());
  }

  /** A stored text as a template; empty when it no longer fits its key (it is then skipped). */
  private static Optional<Template> parse(CustomerText key, String text) {
    try {
      return Optional.of(Template.parse(text, key.placeholders().keySet()));
    } catch (Template.InvalidTemplate e) {
      return Optional.empty();
    }
  }

  private static String cut(String text) {
    return text.length() <= MAX_TEXT ? text : text.substring(0, MAX_TEXT);
  }
}
