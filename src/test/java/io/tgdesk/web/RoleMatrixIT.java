package io.tgdesk.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.tgdesk.testing.TgDeskApi;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Walks every operation of the OpenAPI document: anonymous calls get 401, an agent calling an
 * admin-only operation gets 403, and an agent is let through where the descriptor says agents may
 * go. So a new endpoint cannot slip through unprotected: it must be listed with its roles in the
 * plugin descriptor (PluginDescriptorIT) and then it is checked here.
 */
class RoleMatrixIT {

  /** Operations meant to be public, each with why. Anything else must ask for credentials. */
  static final Map<String, String> PUBLIC =
      Map.of(
          "POST /api/telegram/{botId}/webhook",
          "Telegram calls it; it checks the secret-token header instead",
          "POST /api/shopify/webhooks",
          "Shopify calls it; it checks the HMAC signature of the body instead");

  /** Ids no test creates: operations on them end in 404 / 400, never change anything. */
  static final String ABSENT_ID = "987654321";

  static List<Operation> operations;

  record Operation(String method, String path, Set<String> roles) {
    String key() {
      return method + " " + path;
    }

    String concretePath() {
      return path.replaceAll("\\{[^}]+}", ABSENT_ID);
    }
  }

  @BeforeAll
  static void readOperations() throws Exception {
    Path dir = Path.of(System.getProperty("tgdesk.descriptorDir", "plugin-descriptor"));
    JsonObject descriptor;
    try (var reader =
        Json.createReader(new StringReader(Files.readString(dir.resolve("tgdesk-plugin.json"))))) {
      descriptor = reader.readObject();
    }
    Map<String, Set<String>> rolesByOperation =
        descriptor.getJsonArray("endpoints").getValuesAs(JsonObject.class).stream()
            .collect(
                Collectors.toMap(
                    e -> e.getString("method") + " " + e.getString("path"),
                    e ->
                        e.getJsonArray("roles").getValuesAs(JsonString.class).stream()
                            .map(JsonString::getString)
                            .collect(Collectors.toSet())));
    var reply =
        TgDeskApi.getFromServer("/openapi?format=JSON", Map.of("Accept", "application/json"));
    assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
    operations = new ArrayList<>();
    reply
        .json()
        .getJsonObject("paths")
        .forEach(
            (path, item) ->
                item.asJsonObject().keySet().stream()
                    .filter(m -> Set.of("get", "post", "put", "patch", "delete").contains(m))
                    .forEach(
                        m -> {
                          String method = m.toUpperCase(Locale.ROOT);
                          operations.add(
                              new Operation(
                                  method,
                                  path,
                                  rolesByOperation.getOrDefault(method + " " + path, Set.of())));
                        }));
    assertThat(operations).hasSizeGreaterThan(20);
  }

  @Test
  void everyOperationButTheDeclaredPublicOnesRefusesAnonymousCallsWith401() {
    List<String> open = new ArrayList<>();
    for (Operation op : operations) {
      if (PUBLIC.containsKey(op.key())) {
        continue;
      }
      int status = call(TgDeskApi.anonymous(), op);
      if (status != 401) {
        open.add(op.key() + " -> " + status);
      }
    }
    assertThat(open).as("operations answering anonymous calls").isEmpty();
  }

  @Test
  void everyOperationNeedsARoleUnlessDeclaredPublic() {
    assertThat(
            operations.stream()
                .filter(op -> op.roles().isEmpty() && !PUBLIC.containsKey(op.key()))
                .map(Operation::key))
        .as("operations without roles in the plugin descriptor")
        .isEmpty();
  }

  @Test
  void anAgentGets403OnEveryAdminOnlyOperation() {
    List<String> leaks = new ArrayList<>();
    for (Operation op : operations) {
      if (op.roles().equals(Set.of("admin"))) {
        int status = call(TgDeskApi.asAgent(), op);
        if (status != 403) {
          leaks.add(op.key() + " -> " + status);
        }
      }
    }
    assertThat(leaks).as("admin operations an agent got past").isEmpty();
  }

  @Test
  void everyAdminPathIsAdminOnly() {
    assertThat(
            operations.stream()
                .filter(op -> op.path().startsWith("/api/admin"))
                .filter(op -> !op.roles().equals(Set.of("admin")))
                .map(Operation::key))
        .isEmpty();
  }

  @Test
  void anAgentIsLetThroughWhereAgentsMayGo() {
    List<String> refused = new ArrayList<>();
    for (Operation op : operations) {
      if (op.roles().contains("agent")) {
        int status = call(TgDeskApi.asAgent(), op);
        if (status == 401 || status == 403) {
          refused.add(op.key() + " -> " + status);
        }
      }
    }
    assertThat(operations).anyMatch(op -> op.roles().contains("agent"));
    assertThat(refused).as("agent operations refusing the agent").isEmpty();
  }

  private static int call(TgDeskApi api, Operation op) {
    boolean hasBody = Set.of("POST", "PUT", "PATCH").contains(op.method());
    return api.send(
            op.method(),
            op.concretePath(),
            hasBody ? "{}" : null,
            hasBody ? Map.of("Content-Type", "application/json") : Map.of())
        .status();
  }
}
