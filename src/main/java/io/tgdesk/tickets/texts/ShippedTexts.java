package io.tgdesk.tickets.texts;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * The templates TgDesk ships, per language, read once from {@code
 * customer-texts_<language>.properties} (UTF-8) next to this class. English has every key; another
 * language may leave keys out (they fall back). Immutable and thread-safe after class
 * initialization, which fails on a file with an unknown key or a template its key does not allow: a
 * broken file never reaches a customer.
 */
public final class ShippedTexts {

  /** The languages TgDesk ships texts in, English first. */
  public static final List<String> LANGUAGES = List.of(Languages.ENGLISH, "ru", "de", "es");

  private static final Map<String, Map<CustomerText, Template>> TEXTS = load();

  private ShippedTexts() {}

  /** The shipped template of the key in exactly that language. */
  public static Optional<Template> find(CustomerText key, String language) {
    Map<CustomerText, Template> texts = TEXTS.get(language);
    return texts == null ? Optional.empty() : Optional.ofNullable(texts.get(key));
  }

  /** The shipped templates of the key by language, English first. */
  public static Map<String, String> of(CustomerText key) {
    Map<String, String> byLanguage = new LinkedHashMap<>();
    for (String language : LANGUAGES) {
      find(key, language).ifPresent(t -> byLanguage.put(language, t.text()));
    }
    return byLanguage;
  }

  private static Map<String, Map<CustomerText, Template>> load() {
    Map<String, Map<CustomerText, Template>> all = new LinkedHashMap<>();
    for (String language : LANGUAGES) {
      all.put(language, Collections.unmodifiableMap(read(language)));
    }
    for (CustomerText key : CustomerText.values()) {
      if (!all.get(Languages.ENGLISH).containsKey(key)) {
        throw new IllegalStateException("customer-texts_en.properties has no " + key);
      }
    }
    return Collections.unmodifiableMap(all);
  }

  private static Map<CustomerText, Template> read(String language) {
    String file = "customer-texts_" + language + ".properties";
    Properties p = new Properties();
    try (InputStream in = ShippedTexts.class.getResourceAsStream(file)) {
      if (in == null) {
        throw new IllegalStateException(file + " is missing");
      }
      try (Reader reader = new InputStreamReader(in, StandardCharsets.UTF_8)) {
        p.load(reader);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(file, e);
    }
    Map<CustomerText, Template> texts = new EnumMap<>(CustomerText.class);
    for (String name : p.stringPropertyNames()) {
      CustomerText key =
          CustomerText.find(name)
              .orElseThrow(() -> new IllegalStateException(file + ": unknown key " + name));
      try {
        texts.put(key, Template.parse(p.getProperty(name), key.placeholders().keySet()));
      } catch (Template.InvalidTemplate e) {
        throw new IllegalStateException(file + ": " + name + " " + e.getMessage(), e);
      }
    }
    return texts;
  }
}
