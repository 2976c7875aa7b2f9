package io.tgdesk.testing;

import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Hostile and malformed variants of a valid JSON body, from a seeded {@link Random}: one leaf
 * replaced by an extreme number, a deep nesting, a long or strange string or a value of the wrong
 * type; or the whole body broken (invalid UTF-8, a byte order mark, a NUL byte, a duplicate key,
 * truncation, not JSON at all). Each variant says what it is, so that a failure can be replayed.
 * Not thread-safe (one Random).
 */
public final class HostileJson {

  /** A generated body and what was done to it. */
  public record Body(byte[] bytes, String description) {}

  private final Random random;

  public HostileJson(long seed) {
    this.random = new Random(seed);
  }

  public Random random() {
    return random;
  }

  /** A hostile variant of {@code template}. */
  public Body mutate(JsonObject template) {
    if (random.nextInt(4) == 0) {
      return breakWhole(template);
    }
    List<List<Object>> leaves = new ArrayList<>();
    collect(template, new ArrayList<>(), leaves);
    List<Object> path = leaves.get(random.nextInt(leaves.size()));
    String[] value = hostileValue();
    StringBuilder out = new StringBuilder();
    write(template, new ArrayList<>(), path, value[0], out);
    return new Body(out.toString().getBytes(StandardCharsets.UTF_8), path + " = " + value[1]);
  }

  private String[] hostileValue() {
    return switch (random.nextInt(5)) {
      case 0 -> number();
      case 1 -> nesting();
      case 2 -> string();
      case 3 -> wrongType();
      default -> number();
    };
  }

  private String[] number() {
    String[][] fixed = {
      {"9223372036854775808", "2^63"},
      {"-9223372036854775809", "-2^63-1"},
      {"18446744073709551616", "2^64"},
      {"99999999999999999999999", "23 nines"},
      {"1.5", "fraction"},
      {"-1", "negative"},
      {"-0", "minus zero"},
      {"0", "zero"},
      {"1e400", "exponent beyond double"},
      {"1E-400", "tiny exponent"},
      {"1e999999999", "exponent of a billion"},
      {"-1.7976931348623157e309", "below -double max"},
      {"2147483648", "2^31"},
      {"4.0e2", "integral written with exponent"},
    };
    int i = random.nextInt(fixed.length + 2);
    if (i == fixed.length) {
      return new String[] {digits(5000), "5000 digits"};
    }
    if (i == fixed.length + 1) {
      return new String[] {"0." + digits(2000), "2000 fraction digits"};
    }
    return fixed[i];
  }

  private String digits(int n) {
    StringBuilder b = new StringBuilder(n);
    b.append((char) ('1' + random.nextInt(9)));
    for (int i = 1; i < n; i++) {
      b.append((char) ('0' + random.nextInt(10)));
    }
    return b.toString();
  }

  private String[] nesting() {
    int[] depths = {64, 1000, 10_000, 100_000};
    int depth = depths[random.nextInt(depths.length)];
    if (random.nextBoolean()) {
      return new String[] {"[".repeat(depth) + "]".repeat(depth), "arrays " + depth + " deep"};
    }
    depth = Math.min(depth, 20_000);
    return new String[] {
      "{\"a\":".repeat(depth) + "1" + "}".repeat(depth), "objects " + depth + " deep"
    };
  }

  private String[] string() {
    String[][] fixed = {
      {"\"\"", "empty string"},
      {"\"\\u0000\"", "escaped NUL"},
      {"\"\\ud800\"", "lone high surrogate"},
      {"\"\\udfff\\ud800\"", "reversed surrogates"},
      {"\"\\u202Eevil\"", "right-to-left override"},
      {"\"😀👩‍👩‍👧\"", "emoji"},
      {"\"<script>alert(1)</script>\"", "markup"},
      {"\"'; DROP TABLE TICKET; --\"", "SQL"},
      {"\"%s%n%x\"", "format specifiers"},
      {"\"\\t\\r\\n\\b\\f\"", "control escapes"},
      {"\"\\/\\\\\\\"\"", "escaped solidus, backslash and quote"},
    };
    int i = random.nextInt(fixed.length + 2);
    if (i == fixed.length) {
      int n = random.nextBoolean() ? 10_000 : 30_000;
      return new String[] {"\"" + "x".repeat(n) + "\"", n + " characters"};
    }
    if (i == fixed.length + 1) {
      return new String[] {"\"" + "é中😀".repeat(3000) + "\"", "9000 multi-byte characters"};
    }
    return fixed[i];
  }

  private String[] wrongType() {
    String[][] fixed = {
      {"true", "boolean"},
      {"null", "null"},
      {"[]", "empty array"},
      {"{}", "empty object"},
      {"[1,\"a\",null]", "mixed array"},
      {"{\"id\":1}", "object"},
      {"\"123\"", "number as string"},
      {"\"1e3\"", "exponent as string"},
    };
    String[] f = fixed[random.nextInt(fixed.length)];
    return new String[] {f[0], "wrong type: " + f[1]};
  }

  private Body breakWhole(JsonObject template) {
    byte[] valid = template.toString().getBytes(StandardCharsets.UTF_8);
    String text = template.toString();
    switch (random.nextInt(12)) {
      case 0:
        return new Body(insert(valid, new byte[] {(byte) 0xFF}), "invalid UTF-8 byte 0xFF");
      case 1:
        return new Body(insert(valid, new byte[] {(byte) 0xC3, 0x28}), "invalid UTF-8 sequence");
      case 2:
        return new Body(
            insertInString(text, new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80}),
            "UTF-8 encoded surrogate in a string");
      case 3:
        return new Body(
            insertInString(text, new byte[] {(byte) 0xC0, (byte) 0xAF}),
            "overlong UTF-8 in a string");
      case 4:
        return new Body(concat(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, valid), "BOM");
      case 5:
        return new Body(insertInString(text, new byte[] {0}), "raw NUL byte in a string");
      case 6:
        {
          String key = text.substring(2, text.indexOf('"', 2));
          String dup = "{\"" + key + "\":{\"x\":[1]}," + text.substring(1);
          return new Body(dup.getBytes(StandardCharsets.UTF_8), "duplicate key " + key);
        }
      case 7:
        {
          int cut = 1 + random.nextInt(Math.max(1, valid.length - 1));
          return new Body(java.util.Arrays.copyOf(valid, cut), "truncated at " + cut);
        }
      case 8:
        {
          String[] scalars = {"", "null", "[]", "123", "\"text\"", "true", "[" + text + "]"};
          String s = scalars[random.nextInt(scalars.length)];
          return new Body(s.getBytes(StandardCharsets.UTF_8), "top level '" + abbreviate(s) + "'");
        }
      case 9:
        {
          String[] junk = {
            text + "}{",
            text + " // comment",
            text.replace('"', '\''),
            "NaN",
            "{\"a\":Infinity}",
            "{,}",
            "{\"a\" 1}",
            "\u0000\u0000",
            "<xml/>"
          };
          String s = junk[random.nextInt(junk.length)];
          return new Body(s.getBytes(StandardCharsets.UTF_8), "not JSON '" + abbreviate(s) + "'");
        }
      case 10:
        {
          int depth = 100_000;
          return new Body(
              ("[".repeat(depth) + "]".repeat(depth)).getBytes(StandardCharsets.UTF_8),
              "top level arrays 100000 deep");
        }
      default:
        return new Body(
            text.replace("\"", "\"\\u0000").getBytes(StandardCharsets.UTF_8),
            "NUL escape at the start of every key and string");
    }
  }

  private static String abbreviate(String s) {
    return s.length() <= 40 ? s : s.substring(0, 40) + "…";
  }

  private byte[] insert(byte[] valid, byte[] bytes) {
    int at = random.nextInt(valid.length + 1);
    return concat(
        concat(java.util.Arrays.copyOf(valid, at), bytes),
        java.util.Arrays.copyOfRange(valid, at, valid.length));
  }

  /** Inserts raw bytes right after the opening quote of some string (a key or a value). */
  private byte[] insertInString(String text, byte[] bytes) {
    List<Integer> quotes = new ArrayList<>();
    for (int i = 0; i < text.length(); i++) {
      if (text.charAt(i) == '"') {
        quotes.add(i);
      }
    }
    int q = quotes.get(random.nextInt(quotes.size() / 2) * 2);
    byte[] before = text.substring(0, q + 1).getBytes(StandardCharsets.UTF_8);
    byte[] after = text.substring(q + 1).getBytes(StandardCharsets.UTF_8);
    return concat(concat(before, bytes), after);
  }

  private static byte[] concat(byte[] a, byte[] b) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(a.length + b.length);
    out.writeBytes(a);
    out.writeBytes(b);
    return out.toByteArray();
  }

  private static void collect(JsonValue v, List<Object> path, List<List<Object>> leaves) {
    if (v instanceof JsonObject o) {
      o.forEach(
          (k, child) -> {
            List<Object> p = new ArrayList<>(path);
            p.add(k);
            collect(child, p, leaves);
          });
      if (o.isEmpty()) {
        leaves.add(path);
      }
    } else if (v instanceof JsonArray a) {
      for (int i = 0; i < a.size(); i++) {
        List<Object> p = new ArrayList<>(path);
        p.add(i);
        collect(a.get(i), p, leaves);
      }
      if (a.isEmpty()) {
        leaves.add(path);
      }
    }
    if (!(v instanceof JsonObject) && !(v instanceof JsonArray)) {
      leaves.add(path);
    }
  }

  /** Writes {@code v} as JSON text, with the raw {@code replacement} at {@code target}. */
  private static void write(
      JsonValue v, List<Object> path, List<Object> target, String replacement, StringBuilder out) {
    if (path.equals(target)) {
      out.append(replacement);
      return;
    }
    if (v instanceof JsonObject o) {
      out.append('{');
      boolean first = true;
      for (var e : o.entrySet()) {
        if (!first) {
          out.append(',');
        }
        first = false;
        out.append(jakarta.json.Json.createValue(e.getKey()).toString()).append(':');
        List<Object> p = new ArrayList<>(path);
        p.add(e.getKey());
        write(e.getValue(), p, target, replacement, out);
      }
      out.append('}');
    } else if (v instanceof JsonArray a) {
      out.append('[');
      for (int i = 0; i < a.size(); i++) {
        if (i > 0) {
          out.append(',');
        }
        List<Object> p = new ArrayList<>(path);
        p.add(i);
        write(a.get(i), p, target, replacement, out);
      }
      out.append(']');
    } else if (v instanceof JsonString s) {
      out.append(s.toString());
    } else {
      out.append(v.toString());
    }
  }
}
