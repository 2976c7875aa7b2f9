package io.tgdesk.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.tgdesk.testing.TgDeskApi;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The plugin descriptor a host helpdesk reads says what the running application really offers. */
class PluginDescriptorIT {

  static JsonObject descriptor;

  @BeforeAll
  static void readDescriptor() throws Exception {
    Path dir = Path.of(System.getProperty("tgdesk.descriptorDir", "plugin-descriptor"));
    try (var reader =
        Json.createReader(new StringReader(Files.readString(dir.resolve("tgdesk-plugin.json"))))) {
      descriptor = reader.readObject();
    }
  }

  @Test
  void versionMatchesThePom() {
    assertThat(descriptor.getString("version"))
        .isEqualTo(System.getProperty("tgdesk.projectVersion"));
  }

  @Test
  void everyListedEndpointExistsInTheOpenApiDocumentAndEveryDocumentedOneIsListed() {
    var reply =
        TgDeskApi.getFromServer(
            "/openapi?format=JSON", java.util.Map.of("Accept", "application/json"));
    assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
    JsonObject paths = reply.json().getJsonObject("paths");
    Set<String> documented =
        paths.entrySet().stream()
            .flatMap(
                p ->
                    p.getValue().asJsonObject().keySet().stream()
                        .filter(m -> Set.of("get", "post", "put", "patch", "delete").contains(m))
                        .map(m -> m.toUpperCase(Locale.ROOT) + " " + p.getKey()))
            .collect(Collectors.toSet());
    Set<String> listed =
        descriptor.getJsonArray("endpoints").getValuesAs(JsonObject.class).stream()
            .map(e -> e.getString("method") + " " + e.getString("path"))
            .collect(Collectors.toSet());

    assertThat(listed).isNotEmpty();
    assertThat(documented).containsAll(listed);
    assertThat(listed).containsAll(documented);
  }

  @Test
  void everyConfigurationKeyIsOneTheApplicationReads() {
    JsonObject effective = TgDeskApi.asAdmin().get("/api/admin/settings").json();
    List<String> keys =
        descriptor.getJsonArray("configuration").getValuesAs(JsonObject.class).stream()
            .map(c -> c.getString("key"))
            .toList();
    assertThat(keys).isNotEmpty();
    assertThat(effective.keySet()).containsExactlyInAnyOrderElementsOf(keys);
    for (JsonObject c : descriptor.getJsonArray("configuration").getValuesAs(JsonObject.class)) {
      assertThat(c.getString("env"))
          .isEqualTo(c.getString("key").toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "_"));
    }
  }

  @Test
  void everyServerVariableIsDeclaredInServerXml() throws Exception {
    String serverXml =
        Files.readString(
            Path.of(System.getProperty("tgdesk.descriptorDir", "plugin-descriptor"))
                .resolveSibling("liberty-config")
                .resolve("server.xml"));
    Matcher m = Pattern.compile("<variable name=\"([^\"]+)\"").matcher(serverXml);
    Set<String> declared = new java.util.HashSet<>();
    while (m.find()) {
      declared.add(m.group(1));
    }
    List<String> listed =
        descriptor.getJsonArray("serverVariables").getValuesAs(JsonObject.class).stream()
            .map(v -> v.getString("key"))
            .toList();
    assertThat(listed).isNotEmpty();
    assertThat(declared).containsAll(listed);
  }
}
