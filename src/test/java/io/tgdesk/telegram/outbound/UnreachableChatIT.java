package io.tgdesk.telegram.outbound;

import static io.tgdesk.testing.TelegramUpdates.privateText;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import io.tgdesk.testing.Bots;
import io.tgdesk.testing.Bots.RegisteredBot;
import io.tgdesk.testing.DependsOnDatabase;
import io.tgdesk.testing.FakeTelegram;
import io.tgdesk.testing.FakeTelegram.Delivered;
import io.tgdesk.testing.Outboxes;
import io.tgdesk.testing.Outboxes.Msg;
import io.tgdesk.testing.TestDatabase;
import io.tgdesk.testing.Tickets;
import jakarta.json.JsonObject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A 403 marks the chat unreachable and the ticket shows it; when the customer writes again (they
 * unblocked the bot) the mark is cleared and new messages are delivered again.
 */
class UnreachableChatIT {

  static final long ANN = 6101;
  static final long BEN = 6102;
  @RegisterExtension static final FakeTelegram telegram = FakeTelegram.start();

  @Test
  void aCustomerWhoBlockedTheBotAndWritesAgainIsReachableAgain() {
    RegisteredBot bot = Bots.webhookBot(telegram);
    Bots.deliver(bot, privateText(1, ANN, "Ann", 1, "Where is my order?"));
    long ticket =
        Tickets.awaitTickets(bot.id(), t -> t.size() == 1).get(0).getJsonNumber("id").longValue();
    assertThat(Tickets.get(ticket).getJsonObject("reachability").getBoolean("reachable")).isTrue();

    telegram.blockChat(bot.token(), ANN, "Forbidden: bot was blocked by the user");
    JsonObject refused =
        Outboxes.awaitSettled(
                Outboxes.send(bot.id(), "notice", List.of(new Msg(ANN, "Shipped today"))),
                Duration.ofSeconds(20))
            .get(0);
    assertThat(refused.getString("state")).isEqualTo("failed");
    JsonObject blocked = Tickets.get(ticket).getJsonObject("reachability");
    assertThat(blocked.getBoolean("reachable")).isFalse();
    assertThat(blocked.getString("reason")).contains("blocked by the user");
    assertThat(blocked.containsKey("since")).isTrue();
    // While marked, a new message fails without a call.
    JsonObject meanwhile =
        Outboxes.awaitSettled(
                Outboxes.send(bot.id(), "notice", List.of(new Msg(ANN, "Still there?"))),
                Duration.ofSeconds(20))
            .get(0);
    assertThat(meanwhile.getString("state")).isEqualTo("failed");
    assertThat(telegram.calls(bot.token(), "sendMessage")).hasSize(1);

    telegram.blockChat(bot.token(), ANN, null);
    Bots.deliver(bot, privateText(2, ANN, "Ann", 2, "Sorry, I had blocked you"));
    Tickets.awaitTicket(ticket, t -> t.getJsonObject("reachability").getBoolean("reachable"));

    JsonObject again =
        Outboxes.awaitSettled(
                Outboxes.send(bot.id(), "notice", List.of(new Msg(ANN, "Your parcel arrives"))),
                Duration.ofSeconds(20))
            .get(0);
    assertThat(again.getString("state")).as(again.toString()).isEqualTo("sent");
    assertThat(telegram.delivered(bot.token()))
        .extracting(Delivered::text)
        .containsExactly("Your parcel arrives");
  }

  @Test
  @DependsOnDatabase
  void aMarkClearedOnAnotherServerIsSeenByTheServerThatSends() throws Exception {
    // Only PostgreSQL is shared while the server runs (embedded Derby belongs to it).
    assumeThat(TestDatabase.isPostgres()).as("the database shared with another server").isTrue();
    RegisteredBot bot = Bots.webhookBot(telegram);
    telegram.blockChat(bot.token(), BEN, "Forbidden: bot was blocked by the user");
    JsonObject refused =
        Outboxes.awaitSettled(
                Outboxes.send(bot.id(), "notice", List.of(new Msg(BEN, "Shipped today"))),
                Duration.ofSeconds(20))
            .get(0);
    assertThat(refused.getString("state")).isEqualTo("failed");
    telegram.blockChat(bot.token(), BEN, null);

    // What another server does when the customer writes there or an admin retries there: it
    // clears the mark in the database; this server still remembers it.
    try (Connection db = TestDatabase.open();
        PreparedStatement clear =
            db.prepareStatement(
                "update delivery_chat set unreachable_reason = null, unreachable_at = null"
                    + " where bot_id = ? and chat_id = ?")) {
      clear.setLong(1, bot.id());
      clear.setLong(2, BEN);
      assertThat(clear.executeUpdate()).isEqualTo(1);
    } finally {
      TestDatabase.release();
    }

    JsonObject again =
        Outboxes.awaitSettled(
                Outboxes.send(bot.id(), "notice", List.of(new Msg(BEN, "Your parcel arrives"))),
                Duration.ofSeconds(20))
            .get(0);
    assertThat(again.getString("state")).as(again.toString()).isEqualTo("sent");
    assertThat(telegram.delivered(bot.token()))
        .extracting(Delivered::text)
        .containsExactly("Your parcel arrives");
  }
}
