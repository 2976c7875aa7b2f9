package io.tgdesk.tickets.canned;

import io.tgdesk.tickets.texts.Template;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The text of a canned response with its placeholders, checked once when it is saved and rendered
 * for a ticket when it is sent: a {@link Template} with the placeholders below. Immutable and
 * thread-safe.
 *
 * <p>Syntax: {@code {name}} is replaced by a value, {@code {name|fallback}} by the fallback text
 * when the value is missing; {@code {{} and {@code }}} stand for literal braces. Any other brace is
 * an error, as is a name not in {@link #PLACEHOLDERS}.
 *
 * <p>A missing value (a topic ticket without a known customer, a ticket without queue or subject)
 * renders as the placeholder's fallback, or as nothing when it has none; never as the placeholder
 * itself. {@code customer.first_name} falls back to the customer's display name first (a user who
 * only has a username). Values, but not the template's own text, are escaped for the parse mode, so
 * that a customer named {@code <b>} cannot break an HTML message.
 */
public final class CannedTemplate {

  /** The placeholders a canned response may use, with what they stand for. */
  public static final Map<String, String> PLACEHOLDERS =
      orderedMap(
          "customer.first_name", "the customer's first name (else their display name)",
          "customer.last_name", "the customer's last name",
          "customer.name", "first and last name, or @username when there is no name",
          "customer.username", "the customer's @username",
          "ticket.id", "the ticket's number",
          "ticket.subject", "the ticket's subject",
          "ticket.status", "open, pending, resolved or closed",
          "agent.name", "the user name of the agent sending it",
          "queue.name", "the ticket's queue");

  private final Template template;

  /** Thrown by {@link #parse} with a message that names what is wrong. */
  public static final class InvalidTemplate extends IllegalArgumentException {
    InvalidTemplate(String message) {
      super(message);
    }
  }

  private CannedTemplate(Template template) {
    this.template = template;
  }

  /**
   * Checks and splits a template.
   *
   * @throws InvalidTemplate naming every unknown placeholder, or the first unclosed or stray brace
   */
  public static CannedTemplate parse(String text) {
    try {
      return new CannedTemplate(Template.parse(text, PLACEHOLDERS.keySet()));
    } catch (Template.InvalidTemplate e) {
      throw new InvalidTemplate(e.getMessage());
    }
  }

  /** The template as written. */
  public String text() {
    return template.text();
  }

  /** The placeholder names used, in order of first use. */
  public List<String> placeholders() {
    return template.placeholders();
  }

  /**
   * The text for a ticket.
   *
   * @param values a placeholder's value, or null (or blank) when it is missing
   * @param parseMode Telegram's parse mode the text is sent with (HTML, MarkdownV2, Markdown), or
   *     null for plain text; values are escaped for it
   */
  public String render(Function<String, String> values, String parseMode) {
    return template.render(values, parseMode);
  }

  private static Map<String, String> orderedMap(String... keysAndValues) {
    Map<String, String> m = new java.util.LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      m.put(keysAndValues[i], keysAndValues[i + 1]);
    }
    return java.util.Collections.unmodifiableMap(m);
  }
}
