package io.tgdesk.telegram.botapi;

import jakarta.json.bind.JsonbException;
import jakarta.json.bind.serializer.DeserializationContext;
import jakarta.json.bind.serializer.JsonbDeserializer;
import jakarta.json.stream.JsonParser;
import java.lang.reflect.Type;
import java.math.BigDecimal;

/**
 * Whole numbers of the Bot API read exactly: a value with a fraction or outside the field's range
 * is refused with a {@link NotExact} (JSON-B's own readers would wrap 2^64 to 0 and cut 1.5 to 1).
 * Telegram's ids need up to 52 bits and are never fractional, so nothing real is refused.
 */
final class ExactNumbers {

  private ExactNumbers() {}

  /** A number that does not fit the whole-number field it was read into. */
  public static final class NotExact extends JsonbException {
    private final String text;

    NotExact(String text) {
      super("not a whole number in range: " + text);
      this.text = text;
    }

    /** The number as it was written in the JSON. */
    public String text() {
      return text;
    }
  }

  static final class Longs implements JsonbDeserializer<Long> {
    @Override
    public Long deserialize(JsonParser parser, DeserializationContext ctx, Type type) {
      return exact(parser, Long.MIN_VALUE, Long.MAX_VALUE);
    }
  }

  static final class Integers implements JsonbDeserializer<Integer> {
    @Override
    public Integer deserialize(JsonParser parser, DeserializationContext ctx, Type type) {
      Long v = exact(parser, Integer.MIN_VALUE, Integer.MAX_VALUE);
      return v == null ? null : v.intValue();
    }
  }

  private static Long exact(JsonParser parser, long min, long max) {
    String text;
    try {
      // The parser stands on the value: a number or a string gives its text as written.
      text = parser.getString();
    } catch (IllegalStateException e) {
      throw new JsonbException("expected a whole number", e);
    }
    if (text == null) {
      return null;
    }
    try {
      BigDecimal d = new BigDecimal(text.trim());
      if (d.precision() - d.scale() <= 19) {
        long v = d.longValueExact();
        if (v >= min && v <= max) {
          return v;
        }
      }
    } catch (ArithmeticException | NumberFormatException e) {
      // refused below
    }
    throw new NotExact(text);
  }
}
