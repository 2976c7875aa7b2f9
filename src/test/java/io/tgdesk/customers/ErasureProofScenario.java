package io.tgdesk.customers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tgdesk.testing.FakeTelegram;
import io.tgdesk.testing.HostReceiver;
import io.tgdesk.testing.RestartScenario;
import io.tgdesk.testing.TgDeskApi;
import io.tgdesk.testing.Tickets;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.sql.Connection;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The proof that an erasure leaves nothing: a customer leaves data in every table that can hold it
 * (through the real paths), is erased, and, with the server down (embedded Derby has one user at a
 * time), every column of every table is searched for their name, username, phone and texts. The
 * search reads the schema through JDBC metadata, so it also fails when a migration adds a column
 * that {@link CustomerDataScan} does not classify. Runs in {@code io.tgdesk.cluster.RestartIT},
 * whose one kill it shares.
 */
public final class ErasureProofScenario implements RestartScenario {

  private final FakeTelegram telegram;
  private final HostReceiver host = HostReceiver.start();
  private CustomerWithHistory customer;
  private long endpoint;
  private Map<String, Set<String>> schema;
  private Set<String> found;

  public ErasureProofScenario(FakeTelegram telegram) {
    this.telegram = telegram;
  }

  @Override
  public void beforeCrash() {
    var registered =
        TgDeskApi.asAdmin()
            .post(
                "/api/admin/event-endpoints",
                Json.createObjectBuilder().add("url", host.url()).build());
    assertThat(registered.status()).as(registered.toString()).isEqualTo(201);
    endpoint = registered.json().getJsonNumber("id").longValue();
    customer = new CustomerWithHistory(telegram).fill(telegram, true);
    // The host heard of the customer (its events hold their name) before the erasure.
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> host.accepted().stream().anyMatch(r -> mentions(r, customer.firstName)));

    var erased =
        TgDeskApi.asAdmin().post("/api/admin/customers/" + customer.customerId + "/erase", null);
    assertThat(erased.status()).as(erased.toString()).isEqualTo(200);
    assertThat(erased.json().getString("state")).isEqualTo("done");
    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () ->
                host.accepted().stream()
                    .anyMatch(
                        r ->
                            r.type().equals("customer.erased")
                                && r.json().getJsonObject("ticket").getJsonNumber("id").longValue()
                                    == customer.ticketId));
  }

  @Override
  public void whileDown(Connection db) throws Exception {
    schema = CustomerDataScan.schema(db);
    List<String> needles = new java.util.ArrayList<>(customer.needles());
    // The group's title is the group's, not the customer's: it stays, and finding it shows that
    // the search finds what is there.
    needles.add(customer.groupTitle());
    found = CustomerDataScan.find(db, schema, needles);
  }

  @Override
  public void afterRestart() {
    try {
      assertThat(CustomerDataScan.unclassified(schema))
          .as(
              "columns no list classifies: add each to CustomerDataScan and, if it may hold a"
                  + " customer's data, make the erasure reach it")
          .isEmpty();
      assertThat(schema).containsKeys("customer", "conversation_message", "outbox_entry");
      assertThat(found)
          .as("the erased customer's data, by table.column")
          .containsExactly("topic_group.title: " + customer.groupTitle());

      // Afterwards the same Telegram user starts from zero: a new customer with a new ticket.
      customer.writesAgain("hello again");
      List<JsonObject> tickets =
          Tickets.awaitTickets(
              customer.bot.id(),
              t ->
                  t.stream()
                      .anyMatch(
                          x ->
                              x.getString("kind").equals("private")
                                  && x.getJsonNumber("id").longValue() != customer.ticketId));
      JsonObject fresh =
          tickets.stream()
              .filter(
                  x ->
                      x.getString("kind").equals("private")
                          && x.getJsonNumber("id").longValue() != customer.ticketId)
              .findFirst()
              .orElseThrow();
      assertThat(fresh.getJsonObject("customer").getJsonNumber("id").longValue())
          .isNotEqualTo(customer.customerId);
      assertThat(fresh.getString("status")).isEqualTo("open");
    } finally {
      TgDeskApi.asAdmin().delete("/api/admin/event-endpoints/" + endpoint);
      host.afterAll(null);
    }
  }

  private static boolean mentions(HostReceiver.Received r, String s) {
    return new String(r.body(), java.nio.charset.StandardCharsets.UTF_8).contains(s);
  }
}
