package io.tgdesk.telegram.outbound;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tgdesk.testing.Bots;
import io.tgdesk.testing.Bots.RegisteredBot;
import io.tgdesk.testing.DependsOnDatabase;
import io.tgdesk.testing.FakeTelegram;
import io.tgdesk.testing.FakeTelegram.Call;
import io.tgdesk.testing.FakeTelegram.Delivered;
import io.tgdesk.testing.Outboxes;
import io.tgdesk.testing.Outboxes.Msg;
import io.tgdesk.testing.TgDeskApi;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.api.parallel.ResourceLock;

/**
 * Lanes and paid broadcast end to end, asserted on the fake Bot API's own log: agent replies before
 * notices before bulk when the bot's budget is saturated, and allow_paid_broadcast only on the bulk
 * lane of a bot that opted in, within its rate and the per-chat limits.
 */
// Beside the other classes (its own fake Bot API, bots and shops); its methods one after another.
@Execution(ExecutionMode.CONCURRENT)
@ResourceLock("DeliveryLanesIT")
class DeliveryLanesIT {

  @RegisterExtension static final FakeTelegram telegram = FakeTelegram.start();

  /**
   * How many calls may already be on their way when entries of a higher lane become visible: the
   * engine's cap of calls in flight per bot. Only these may reach Telegram after a higher lane's
   * first call although planned before it.
   */
  static final int OVERLAP = BotDelivery.MAX_IN_FLIGHT;

  @BeforeEach
  void telegramLimits() {
    telegram.setLimits(FakeTelegram.Limits.telegramDefaults());
  }

  @Test
  @DependsOnDatabase
  void agentRepliesOvertakeNoticesAndNoticesOvertakeBulkWhenTheBudgetIsSaturated() {
    RegisteredBot bot = Bots.webhookBot(telegram);
    List<Long> bulk = Outboxes.send(bot.id(), "bulk", chats(100_000, 300, "bulk"));
    // The budget is saturated by bulk once it has sent a second's worth.
    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> telegram.count(bot.token(), "sendMessage") >= 30);
    List<Long> notices = Outboxes.send(bot.id(), "notice", chats(200_000, 80, "notice"));
    List<Long> replies = Outboxes.send(bot.id(), "agent-reply", chats(300_000, 30, "reply"));

    List<JsonObject> entries = Outboxes.awaitBotSettled(bot.id(), Duration.ofSeconds(180));

    assertThat(entries).hasSize(bulk.size() + notices.size() + replies.size());
    assertThat(entries).allMatch(e -> e.getString("state").equals("sent"));
    // Calls leave one pace apart, yet still take different times to reach Telegram after that: on
    // a loaded machine one may land in the same second as the next ones and be refused, and the
    // whole bot then pauses. Calling during that wait must never happen; the order below holds
    // either way.
    assertThat(telegram.penaltyEscalations(bot.token())).isZero();
    List<String> order =
        telegram.calls(bot.token(), "sendMessage").stream()
            .filter(c -> c.status() == 200)
            .sorted(Comparator.comparing(Call::at))
            .map(c -> laneOf(c.params().getJsonNumber("chat_id").longValue()))
            .toList();
    assertThat(order).hasSize(entries.size());
    int firstNotice = order.indexOf("notice");
    int firstReply = order.indexOf("reply");
    int lastReply = order.lastIndexOf("reply");
    int lastNotice = order.lastIndexOf("notice");
    // Replies, enqueued last, all went out while notices were still waiting, and notices while
    // bulk was still waiting.
    assertThat(lastReply).as(order.toString()).isLessThan(lastNotice);
    assertThat(lastNotice).as(order.toString()).isLessThan(order.lastIndexOf("bulk"));
    // Once replies were there, the remaining notices waited for them, and once notices were
    // there, bulk got nothing until they were done: only calls planned before the higher lane
    // appeared (at most the calls in flight) may reach Telegram after its first call.
    assertThat(count(order, "notice", firstReply, lastReply)).isLessThanOrEqualTo(OVERLAP);
    assertThat(count(order, "bulk", firstNotice, lastNotice)).isLessThanOrEqualTo(OVERLAP);
    System.out.println(
        "Lanes: "
            + order.size()
            + " calls, "
            + count(order, "notice", firstReply, lastReply)
            + " notices among the replies, "
            + count(order, "bulk", firstNotice, lastNotice)
            + " bulk among the notices, "
            + telegram.tooManyRequests(bot.token())
            + " answered 429");
  }

  @Test
  void bulkOfAnOptedInBotUsesPaidBroadcastAboveThirtyPerSecondWithinItsRateAndTheChatLimits() {
    int paidRate = 200;
    // Telegram's limits with the paid budget at exactly the bot's configured rate: a call above
    // it, above 30/s unpaid, or above a chat's or group's limits is answered 429.
    var defaults = FakeTelegram.Limits.telegramDefaults();
    telegramPaysUpTo(paidRate);
    RegisteredBot bot = Bots.webhookBot(telegram);
    long group = -1002000L;
    telegram.addChat(bot.token(), group, "supergroup", "Announcements", false);
    setPaidRate(bot, paidRate);
    List<Msg> bulk = new ArrayList<>();
    for (int round = 0; round < 3; round++) {
      for (int i = 0; i < 200; i++) {
        bulk.add(new Msg(400_000 + i, "bulk " + round + " to " + i));
      }
      bulk.add(new Msg(group, "bulk " + round + " to the group"));
      bulk.add(new Msg(group, "bulk " + round + " to the group, again"));
    }
    Outboxes.send(bot.id(), "bulk", bulk);
    Outboxes.send(bot.id(), "notice", chats(500_000, 20, "notice"));
    Outboxes.send(bot.id(), "agent-reply", chats(600_000, 10, "reply"));

    List<JsonObject> entries = Outboxes.awaitBotSettled(bot.id(), Duration.ofSeconds(180));

    assertThat(entries).allMatch(e -> e.getString("state").equals("sent"));
    assertThat(telegram.tooManyRequests(bot.token())).isZero();
    assertThat(telegram.penaltyEscalations(bot.token())).isZero();
    List<Call> calls = telegram.calls(bot.token(), "sendMessage");
    assertThat(calls).hasSize(bulk.size() + 30);
    for (Call c : calls) {
      boolean isBulk = c.params().getString("text").startsWith("bulk");
      assertThat(paidFlag(c)).as(c.params().toString()).isEqualTo(isBulk);
    }
    List<Delivered> delivered = telegram.delivered(bot.token());
    assertThat(delivered.stream().filter(Delivered::paid)).hasSize(bulk.size());
    // Per-chat limits held for paid calls too: 1/s per private chat and per group.
    Map<Long, List<Delivered>> byChat = new HashMap<>();
    delivered.forEach(d -> byChat.computeIfAbsent(d.chatId(), k -> new ArrayList<>()).add(d));
    byChat.forEach(
        (chat, list) -> {
          for (int i = 1; i < list.size(); i++) {
            assertThat(Duration.between(list.get(i - 1).at(), list.get(i).at()))
                .as("chat " + chat)
                .isGreaterThanOrEqualTo(Duration.ofMillis(950));
          }
        });
    // Above the free 30/s: paid calls are not held to the free budget's pace (one call per 1/29 s):
    // many followed each other closer than half of it. How many fit into one second depends on
    // the machine (printed); the fake's 429 count above shows none held more than the configured
    // rate.
    List<Delivered> paid = delivered.stream().filter(Delivered::paid).toList();
    Duration halfFreePace = Duration.ofNanos(1_000_000_000L / (defaults.botPerSecond() - 1) / 2);
    long close = 0;
    for (int i = 1; i < paid.size(); i++) {
      if (Duration.between(paid.get(i - 1).at(), paid.get(i).at()).compareTo(halfFreePace) < 0) {
        close++;
      }
    }
    System.out.println(
        "Paid broadcast at "
            + paidRate
            + "/s: busiest second "
            + busiestSecond(paid)
            + " calls; "
            + close
            + " of "
            + paid.size()
            + " calls came less than half the free pace after the previous one");
    assertThat(close).isGreaterThanOrEqualTo(paid.size() / 20);
  }

  @Test
  void aBotWithoutPaidBroadcastNeverSendsItEvenForBulkEnqueuedWhileItWasOptedIn() {
    // Registered opted in and disabled: the entries queued now are marked paid.
    RegisteredBot bot =
        Bots.register(
            telegram,
            "webhook",
            Json.createObjectBuilder()
                .add("paidBroadcastPerSecond", 100)
                .add("enabled", false)
                .build());
    List<Long> queued = Outboxes.send(bot.id(), "bulk", chats(700_000, 20, "bulk"));
    // Opted out before anything went: the entries must go without paid broadcast.
    patchBot(
        bot,
        Json.createObjectBuilder().add("paidBroadcastPerSecond", 0).add("enabled", true).build());
    List<Long> later = Outboxes.send(bot.id(), "bulk", chats(710_000, 40, "bulk"));

    List<JsonObject> entries = Outboxes.awaitBotSettled(bot.id(), Duration.ofSeconds(120));

    assertThat(entries).hasSize(queued.size() + later.size());
    assertThat(entries).allMatch(e -> e.getString("state").equals("sent"));
    assertThat(telegram.calls(bot.token(), "sendMessage"))
        .hasSizeGreaterThanOrEqualTo(entries.size())
        .noneMatch(DeliveryLanesIT::paidFlag);
    assertThat(telegram.delivered(bot.token())).noneMatch(Delivered::paid);
    assertThat(telegram.penaltyEscalations(bot.token())).isZero();
  }

  @Test
  void aNoticeToAChatGoesAfterTheOlderBulkMessageToItThatIsFarBehindInTheBulkLane() {
    int paidRate = 200;
    telegramPaysUpTo(paidRate);
    // Disabled while the lanes fill: the notice lane goes first, and the bulk message to the same
    // chat is the last of 1,000 in its lane, far beyond the 300 the engine reads of a lane at once
    // (at the paid 200 a second its turn would come after 5 s).
    RegisteredBot bot =
        Bots.register(
            telegram,
            "webhook",
            Json.createObjectBuilder()
                .add("paidBroadcastPerSecond", paidRate)
                .add("enabled", false)
                .build());
    List<Msg> bulk = chats(800_000, 1000, "bulk");
    long chat = bulk.get(bulk.size() - 1).chatId();
    Outboxes.send(bot.id(), "bulk", bulk);
    Outboxes.send(bot.id(), "notice", List.of(new Msg(chat, "notice after the bulk")));
    patchBot(bot, Json.createObjectBuilder().add("enabled", true).build());

    List<JsonObject> entries = Outboxes.awaitBotSettled(bot.id(), Duration.ofSeconds(120));

    assertThat(entries).hasSize(bulk.size() + 1).allMatch(e -> e.getString("state").equals("sent"));
    List<Delivered> delivered = telegram.delivered(bot.token());
    assertThat(delivered.stream().filter(d -> d.chatId() == chat).map(Delivered::text))
        .containsExactly(bulk.get(bulk.size() - 1).text(), "notice after the bulk");
    assertThat(telegram.tooManyRequests(bot.token())).isZero();
  }

  /** Telegram's limits with the paid budget at {@code paidRate} a second. */
  private static void telegramPaysUpTo(int paidRate) {
    var defaults = FakeTelegram.Limits.telegramDefaults();
    telegram.setLimits(
        new FakeTelegram.Limits(
            defaults.botPerSecond(),
            paidRate,
            defaults.privatePerSecond(),
            defaults.groupPerMinute(),
            defaults.groupPerSecond(),
            defaults.groupEditsPerMinute(),
            defaults.tolerance(),
            defaults.chatRetryAfter(),
            defaults.groupRetryAfter(),
            defaults.botRetryAfter()));
  }

  private static List<Msg> chats(long firstChat, int count, String text) {
    return IntStream.range(0, count).mapToObj(i -> new Msg(firstChat + i, text + " " + i)).toList();
  }

  private static String laneOf(long chatId) {
    if (chatId >= 300_000) {
      return "reply";
    }
    return chatId >= 200_000 ? "notice" : "bulk";
  }

  private static long count(List<String> order, String lane, int from, int to) {
    return order.subList(from, to + 1).stream().filter(lane::equals).count();
  }

  private static boolean paidFlag(Call c) {
    JsonValue v = c.params().get("allow_paid_broadcast");
    return v == JsonValue.TRUE || v instanceof JsonString s && s.getString().equals("true");
  }

  /** The most calls that arrived within one second of each other. */
  private static int busiestSecond(List<Delivered> calls) {
    List<Delivered> sorted = calls.stream().sorted(Comparator.comparing(Delivered::at)).toList();
    int best = 0;
    int start = 0;
    for (int end = 0; end < sorted.size(); end++) {
      while (!sorted.get(start).at().plusSeconds(1).isAfter(sorted.get(end).at())) {
        start++;
      }
      best = Math.max(best, end - start + 1);
    }
    return best;
  }

  private static void setPaidRate(RegisteredBot bot, int perSecond) {
    patchBot(bot, Json.createObjectBuilder().add("paidBroadcastPerSecond", perSecond).build());
  }

  private static void patchBot(RegisteredBot bot, JsonObject body) {
    var reply = TgDeskApi.asAdmin().patch("/api/admin/bots/" + bot.id(), body);
    assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
  }
}
