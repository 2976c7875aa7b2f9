package io.tgdesk.config;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Keeps docs/configuration.md true to {@link Setting}: every setting has a row (key, environment
 * variable, default), and every {@code tgdesk.} key the reference lists is still a setting.
 */
class ConfigurationDocTest {

  private static final Path DOC =
      Path.of(System.getProperty("basedir", "."), "docs", "configuration.md");

  /** A table row whose first cell is a key in backticks: | `tgdesk.foo` | ... | */
  private static final Pattern ROW = Pattern.compile("^\\|\\s*`([a-z0-9][a-z0-9.\\-]*)`\\s*\\|");

  /** Table rows by the key in their first cell. */
  private static Map<String, String> rows;

  @BeforeAll
  static void readTheReference() throws IOException {
    assertTrue(Files.isRegularFile(DOC), "The configuration reference is missing: " + DOC);
    rows = new LinkedHashMap<>();
    for (String line : Files.readAllLines(DOC, StandardCharsets.UTF_8)) {
      Matcher m = ROW.matcher(line);
      if (m.find()) {
        rows.put(m.group(1), line);
      }
    }
  }

  @Test
  void everySettingHasARowInTheReference() {
    List<String> missing =
        Arrays.stream(Setting.values())
            .map(Setting::key)
            .filter(key -> !rows.containsKey(key))
            .toList();
    if (!missing.isEmpty()) {
      fail(
          "docs/configuration.md does not list these settings (add a row for each): "
              + String.join(", ", missing));
    }
  }

  @Test
  void everyRowNamesItsSettingsEnvironmentVariable() {
    List<String> wrong = new ArrayList<>();
    for (Setting s : Setting.values()) {
      String row = rows.get(s.key());
      if (row != null && !row.contains("`" + s.environmentName() + "`")) {
        wrong.add(s.key() + " (expected `" + s.environmentName() + "`)");
      }
    }
    if (!wrong.isEmpty()) {
      fail(
          "docs/configuration.md gives the wrong environment variable for: "
              + String.join(", ", wrong));
    }
  }

  @Test
  void everyRowShowsItsSettingsDefault() {
    List<String> wrong = new ArrayList<>();
    for (Setting s : Setting.values()) {
      String row = rows.get(s.key());
      if (row != null
          && !s.defaultValue().isEmpty()
          && !row.contains("`" + s.defaultValue() + "`")) {
        wrong.add(s.key() + " (default `" + s.defaultValue() + "`)");
      }
    }
    if (!wrong.isEmpty()) {
      fail("docs/configuration.md shows the wrong default for: " + String.join(", ", wrong));
    }
  }

  @Test
  void everyListedTgdeskKeyIsStillASetting() {
    Set<String> settings =
        Arrays.stream(Setting.values()).map(Setting::key).collect(Collectors.toSet());
    List<String> stale =
        rows.keySet().stream()
            .filter(key -> key.startsWith("tgdesk."))
            .filter(key -> !settings.contains(key))
            .toList();
    if (!stale.isEmpty()) {
      fail(
          "docs/configuration.md lists keys that are no longer settings (remove them): "
              + String.join(", ", stale));
    }
  }
}
