package io.tgdesk.tickets.texts;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * A text with placeholders, checked once against the names it may use and rendered many times.
 * Immutable and thread-safe. Canned responses and every text TgDesk writes to customers use it.
 *
 * <p>Syntax: {@code {name}} is replaced by a value, {@code {name|fallback}} by the fallback text
 * when the value is missing; {@code {{} and {@code }}} stand for literal braces. Any other brace is
 * an error, as is a name not among the known ones.
 *
 * <p>A missing value renders as the placeholder's fallback, or as nothing when it has none; never
 * as the placeholder itself. {@link #missing} names the placeholders that would render as nothing,
 * for callers that must not send such a text. Values, but not the template's own text, are escaped
 * for the parse mode.
 */
public final class Template {

  private final String text;
  private final List<Part> parts;

  /** A piece of the template: literal text (name null) or a placeholder with its fallback. */
  private record Part(String literal, String name, String fallback) {}

  /** Thrown by {@link #parse} with a message that names what is wrong. */
  public static final class InvalidTemplate extends IllegalArgumentException {
    private final List<String> unknown;

    InvalidTemplate(String message, List<String> unknown) {
      super(message);
      this.unknown = List.copyOf(unknown);
    }

    /** The unknown placeholders as written ({@code {name}}), empty for a brace error. */
    public List<String> unknown() {
      return unknown;
    }
  }

  private Template(String text, List<Part> parts) {
    this.text = text;
    this.parts = List.copyOf(parts);
  }

  /**
   * Checks and splits a template.
   *
   * @param known the placeholder names the template may use
   * @throws InvalidTemplate naming every unknown placeholder, or the first unclosed or stray brace
   */
  public static Template parse(String text, Collection<String> known) {
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
            "has a '}' without its '{' at position " + i + "; write }} for a literal }", List.of());
      } else if (c == '{') {
        int close = text.indexOf('}', i + 1);
        int nested = text.indexOf('{', i + 1);
        if (close < 0 || (nested >= 0 && nested < close)) {
          throw new InvalidTemplate(
              "has an unclosed placeholder at position "
                  + i
                  + ": "
                  + excerpt(text, i)
                  + "; write {{ for a literal {",
              List.of());
        }
        String body = text.substring(i + 1, close);
        int bar = body.indexOf('|');
        String name = (bar < 0 ? body : body.substring(0, bar)).trim();
        String fallback = bar < 0 ? null : body.substring(bar + 1);
        if (!known.contains(name)) {
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
              + (known.isEmpty()
                  ? "none"
                  : String.join(", ", known.stream().map(n -> "{" + n + "}").toList())),
          List.copyOf(unknown));
    }
    if (literal.length() > 0) {
      parts.add(new Part(literal.toString(), null, null));
    }
    return new Template(text, parts);
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
   * The placeholders that have neither a value nor a fallback, in order of first use: rendered,
   * each would leave a hole in the text.
   *
   * @param values a placeholder's value, or null (or blank) when it is missing
   */
  public List<String> missing(Function<String, String> values) {
    Set<String> names = new LinkedHashSet<>();
    for (Part p : parts) {
      if (p.name() != null && p.fallback() == null && isBlank(values.apply(p.name()))) {
        names.add(p.name());
      }
    }
    return List.copyOf(names);
  }

  /**
   * The text with its values.
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
      if (isBlank(value)) {
        out.append(p.fallback() == null ? "" : p.fallback());
      } else {
        out.append(escape(value, parseMode));
      }
    }
    return out.toString();
  }

  /** Escapes text taken from data for Telegram's parse mode. */
  public static String escape(String value, String parseMode) {
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

  private static boolean isBlank(String value) {
    return value == null || value.isBlank();
  }

  private static String excerpt(String text, int from) {
    String rest = text.substring(from);
    return rest.length() > 30 ? rest.substring(0, 30) + "…" : rest;
  }
}
