package io.tgdesk.intake;

import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.math.BigDecimal;

/**
 * The limits every inbound JSON body is held to before and while it is read: how deeply it may nest
 * (checked on the raw bytes, before a parser recurses into it) and how a JSON number becomes a
 * 64-bit id (exactly, or not at all: never wrapped, never rounded). Stateless and thread-safe.
 */
public final class JsonLimits {

  /**
   * The deepest nesting of objects and arrays accepted. A Telegram update or a Shopify payload
   * nests about ten levels; this leaves room for fields not read today.
   */
  public static final int MAX_DEPTH = 64;

  private JsonLimits() {}

  /** A JSON number that is not a whole number within the 64-bit range. */
  public static final class NotAnId extends RuntimeException {
    public NotAnId(String message) {
      super(message);
    }
  }

  /**
   * The reason the body nests deeper than {@link #MAX_DEPTH}, or null when it does not. Reads the
   * bytes once, without recursion; strings (and escapes in them) are skipped.
   */
  public static String nestingProblem(byte[] raw) {
    int depth = 0;
    boolean inString = false;
    for (int i = 0; i < raw.length; i++) {
      byte b = raw[i];
      if (inString) {
        if (b == '\\') {
          i++;
        } else if (b == '"') {
          inString = false;
        }
      } else if (b == '"') {
        inString = true;
      } else if (b == '{' || b == '[') {
        if (++depth > MAX_DEPTH) {
          return "The body is nested deeper than " + MAX_DEPTH + " levels.";
        }
      } else if (b == '}' || b == ']') {
        depth--;
      }
    }
    return null;
  }

  /**
   * The number as a long, exactly.
   *
   * @param what names the field in the message, e.g. {@code customer.id}
   * @throws NotAnId when it has a fraction or lies outside the 64-bit range (the message shows at
   *     most 30 of its characters)
   */
  public static long exactLong(JsonNumber number, String what) {
    String text;
    try {
      text = number.toString();
    } catch (RuntimeException e) {
      // Parsson refuses to read numbers of more than 1100 characters.
      throw new NotAnId(what + " is not a whole number in the 64-bit range");
    }
    return exactLong(text, what);
  }

  /** As {@link #exactLong(JsonNumber, String)}, for the text of a JSON number. */
  public static long exactLong(String text, String what) {
    try {
      BigDecimal d = new BigDecimal(text);
      // precision() - scale() bounds the digits before the point without expanding an exponent.
      if (d.precision() - d.scale() > 19) {
        throw new ArithmeticException();
      }
      return d.longValueExact();
    } catch (ArithmeticException | NumberFormatException e) {
      throw new NotAnId(what + " " + shorten(text) + " is not a whole number in the 64-bit range");
    }
  }

  /**
   * The path (e.g. {@code message.chat.id}) of the first number in the tree that is not a 64-bit
   * whole number but is written like {@code text}; null when there is none.
   */
  public static String pathOf(JsonValue root, String text) {
    return find(root, text, "");
  }

  private static String find(JsonValue v, String text, String path) {
    if (v instanceof JsonNumber n) {
      return sameNumber(n, text) ? path : null;
    }
    if (v instanceof JsonObject o) {
      for (var e : o.entrySet()) {
        String found =
            find(e.getValue(), text, path.isEmpty() ? e.getKey() : path + "." + e.getKey());
        if (found != null) return found;
      }
    } else if (v instanceof JsonArray a) {
      for (int i = 0; i < a.size(); i++) {
        String found = find(a.get(i), text, path + "[" + i + "]");
        if (found != null) return found;
      }
    }
    return null;
  }

  /** Whether the number is the one written as {@code text} (1e400 is read back as 1E+400). */
  private static boolean sameNumber(JsonNumber n, String text) {
    try {
      return n.toString().equals(text) || n.bigDecimalValue().compareTo(new BigDecimal(text)) == 0;
    } catch (RuntimeException e) {
      return false; // a number the parser will not read (over 1100 characters)
    }
  }

  /** At most 30 characters of a value, for messages and logs. */
  public static String shorten(String s) {
    return s.length() <= 30 ? s : s.substring(0, 27) + "…(" + s.length() + " chars)";
  }
}
