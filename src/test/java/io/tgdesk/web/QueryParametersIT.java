package io.tgdesk.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.tgdesk.testing.TgDeskApi;
import jakarta.json.JsonObject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Walks every operation of the OpenAPI document that takes a page or an instant in its query
 * string: values at the edge of what the types hold answer 400 naming the parameter, never 500. So
 * a new list or a new time range gets the same checks without a test of its own.
 */
class QueryParametersIT {

  static final Set<String> INSTANTS = Set.of("from", "to", "updatedSince", "before");

  record Operation(String method, String path, List<String> query) {
    String concretePath() {
      return path.replaceAll("\\{[^}]+}", RoleMatrixIT.ABSENT_ID);
    }
  }

  static List<Operation> operations;

  @BeforeAll
  static void readOperations() {
    var reply =
        TgDeskApi.getFromServer("/openapi?format=JSON", Map.of("Accept", "application/json"));
    assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
    operations = new ArrayList<>();
    reply
        .json()
        .getJsonObject("paths")
        .forEach(
            (path, item) ->
                item.asJsonObject()
                    .forEach(
                        (method, op) -> {
                          if (!Set.of("get", "post").contains(method)) {
                            return;
                          }
                          var params = op.asJsonObject().getJsonArray("parameters");
                          List<String> query =
                              params == null
                                  ? List.of()
                                  : params.getValuesAs(JsonObject.class).stream()
                                      .filter(p -> "query".equals(p.getString("in", "")))
                                      .map(p -> p.getString("name"))
                                      .toList();
                          operations.add(
                              new Operation(method.toUpperCase(Locale.ROOT), path, query));
                        }));
  }

  @Test
  void aPageWhoseFirstItemIsBeyondTheLargestOffsetIs400OnEveryList() {
    List<Operation> paged = operations.stream().filter(op -> op.query().contains("page")).toList();
    assertThat(paged).hasSizeGreaterThanOrEqualTo(8);
    List<String> wrong = new ArrayList<>();
    for (Operation op : paged) {
      for (String query :
          List.of("page=2147483647", "page=2147483647&size=500", "page=4294968&size=500")) {
        var reply = call(op, query);
        if (reply.status() != 400 || !reply.body().contains("page")) {
          wrong.add(op.method() + " " + op.path() + "?" + query + " -> " + reply);
        }
      }
    }
    assertThat(wrong).isEmpty();
  }

  @Test
  void theLastPageThatFitsIsStillAnEmptyPage() {
    var reply =
        TgDeskApi.asAdmin().get("/api/tickets?page=" + (Integer.MAX_VALUE / 500) + "&size=500");
    assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
    assertThat(reply.json().getJsonArray("items")).isEmpty();
  }

  @Test
  void anInstantOutsideTheYearsADatabaseHoldsIs400OnEveryTimeRange() {
    List<Operation> timed =
        operations.stream().filter(op -> op.query().stream().anyMatch(INSTANTS::contains)).toList();
    assertThat(timed).hasSizeGreaterThanOrEqualTo(10);
    List<String> wrong = new ArrayList<>();
    for (Operation op : timed) {
      for (String name : op.query()) {
        if (!INSTANTS.contains(name)) {
          continue;
        }
        for (String value :
            List.of(
                "+1000000000-12-31T23:59:59Z",
                "-1000000000-01-01T00:00:00Z",
                "+10000-01-01T00:00:00Z",
                "0000-01-01T00:00:00Z")) {
          var reply = call(op, name + "=" + URLEncoder.encode(value, StandardCharsets.UTF_8));
          if (reply.status() != 400) {
            wrong.add(op.method() + " " + op.path() + "?" + name + "=" + value + " -> " + reply);
          }
        }
      }
    }
    assertThat(wrong).isEmpty();
  }

  private static TgDeskApi.Reply call(Operation op, String query) {
    TgDeskApi api = op.path().startsWith("/api/admin") ? TgDeskApi.asAdmin() : TgDeskApi.asAgent();
    return api.send(op.method(), op.concretePath() + "?" + query, null, Map.of());
  }
}
