package io.tgdesk.tickets.canned;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * The text of a canned response with its placeholders, checked once when it is saved and rendered
 * for a ticket when it is sent. Immutable and thread-safe.
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

  private final String text;
  private final List<Part> parts;

  /** A piece of the template: literal text (name null) or a placeholder with its fallback. */
  private record Part(String literal, String name, String fallback) {}

  /** Thrown by {@link #parse} with a message that names what is wrong. */
  public static final class InvalidTemplate extends IllegalArgumentException {
    InvalidTemplate(String message) {
      super(message);
    }
  }

  private CannedTemplate(String text, List<Part> parts) {
    this.text = text;
    this.parts = List.copyOf(parts);
  }

  /**
   * Checks and splits a template.
   *
   * @throws InvalidTemplate naming every unknown placeholder, or the first unclosed or stray brace
   */
  public static CannedTemplate parse(String text) {
    List<Part> parts = new ArrayList<>();
    Set<String> unknown = new LinkedHashSet<>();
    StringBuilder literal = new StringBuilder();
    int i = 0;
    while (i < text.length()) {
      char c = text.charAt(i);
      if (c == '{' && i + 1 < text.length() && text.charAt(i + 1) == '{') {
        literal.append('{');
        i += 2;
      } else if (c == '}' && i + 1 < text.length() && text.charAt(i + 1) == '}') {
        literal.append('}');
        i += 2;
      } else if (c == '}') {
        throw new InvalidTemplate(
            "has a '}' without its '{' at position " + i + "; write }} for a literal }");
      } else if (c == '{') {
        int close = text.indexOf('}', i + 1);
        int nested = text.indexOf('{', i + 1);
        if (close < 0 || (nested >= 0 && nested < close)) {
          throw new InvalidTemplate(
              "has an unclosed placeholder at position "
                  + i
                  + ": "
                  + excerpt(text, i)
                  + "; write {{ for a literal {");
        }
        String body = text.substring(i + 1, close);
        int bar = body.indexOf('|');
        String name = (bar < 0 ? body : body.substring(0, bar)).trim();
        String fallback = bar < 0 ? null : body.substring(bar + 1);
        if (!PLACEHOLDERS.containsKey(name)) {
          unknown.add("{" + body + "}");
        }
        if (literal.length() > 0) {
          parts.add(new Part(literal.toString(), null, null));
          literal.setLength(0);
        }
        parts.add(new Part(null, name, fallback));
        i = close + 1;
      } else {
        literal.append(c);
        i++;
      }
    }
    if (!unknown.isEmpty()) {
      throw new InvalidTemplate(
          (unknown.size() == 1 ? "has an unknown placeholder " : "has unknown placeholders ")
              + String.join(", ", unknown)
              + "; known: "
              + String.join(", ", PLACEHOLDERS.keySet().stream().map(n -> "{" + n + "}").toList()));
    }
    if (literal.length() > 0) {
      parts.add(new Part(literal.toString(), null, null));
    }
    return new CannedTemplate(text, parts);
  }

  /** The template as written. */
  public String text() {
    return text;
  }

  /** The placeholder names used, in order of first use. */
  public List<String> placeholders() {
    Set<String> names = new LinkedHashSet<>();
    for (Part p : parts) {
      if (p.name() != null) {
        names.add(p.name());
      }
    }
    return List.copyOf(names);
  }

  /**
   * The text for a ticket.
   *
   * @param values a placeholder's value, or null (or blank) when it is missing
   * @param parseMode Telegram's parse mode the text is sent with (HTML, MarkdownV2, Markdown), or
   *     null for plain text; values are escaped for it
   */
  public String render(Function<String, String> values, String parseMode) {
    StringBuilder out = new StringBuilder();
    for (Part p : parts) {
      if (p.name() == null) {
        out.append(p.literal());
        continue;
      }
      String value = values.apply(p.name());
      if (value == null || value.isBlank()) {
        out.append(p.fallback() == null ? "" : p.fallback());
      } else {
        out.append(escape(value, parseMode));
      }
    }
    return out.toString();
  }

  /** Escapes text taken from data for Telegram's parse mode. */
  static String escape(String value, String parseMode) {
    if (parseMode == null) {
      return value;
    }
    String special;
    switch (parseMode) {
      case "HTML":
        return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
      case "MarkdownV2":
        special = "\\_*[]()~`>#+-=|{}.!";
        break;
      case "Markdown":
        special = "_*`[";
        break;
      default:
        return value;
    }
    StringBuilder out = new StringBuilder(value.length() + 8);
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (special.indexOf(c) >= 0) {
        out.append('\\');
      }
      out.append(c);
    }
    return out.toString();
  }

  private static String excerpt(String text, int from) {
    String rest = text.substring(from);
    return rest.length() > 30 ? rest.substring(0, 30) + "…" : rest;
  }

  private static Map<String, String> orderedMap(String... keysAndValues) {
    Map<String, String> m = new java.util.LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      m.put(keysAndValues[i], keysAndValues[i + 1]);
    }
    return java.util.Collections.unmodifiableMap(m);
  }
}
