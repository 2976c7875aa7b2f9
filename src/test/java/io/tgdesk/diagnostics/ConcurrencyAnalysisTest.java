package io.tgdesk.diagnostics;

import static org.assertj.core.api.Assertions.assertThat;

import io.tgdesk.diagnostics.ConcurrencyAnalysis.ChatConcurrency;
import io.tgdesk.diagnostics.ConcurrencyAnalysis.Send;
import io.tgdesk.diagnostics.ConcurrencyAnalysis.Sender;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConcurrencyAnalysisTest {

  static final Instant T0 = Instant.parse("2026-01-31T12:00:00Z");
  static final Duration WINDOW = Duration.ofSeconds(10);

  static RateAnalysis.Hit hit(double seconds, long chat) {
    return new RateAnalysis.Hit(
        T0.plusMillis((long) (seconds * 1000)), chat, "sendMessage", "agent-reply", 3);
  }

  static long ids = 0;

  static Send agent(double seconds, long chat, String name) {
    return new Send(++ids, T0.plusMillis((long) (seconds * 1000)), chat, name, true);
  }

  static Send automation(double seconds, long chat, String category) {
    return new Send(++ids, T0.plusMillis((long) (seconds * 1000)), chat, category, false);
  }

  @Test
  void twoAgentsWritingToOneChatWithinSecondsOfIts429sAreNamedWithTheirTimes() {
    List<ChatConcurrency> found =
        ConcurrencyAnalysis.concurrentChats(
            List.of(hit(2, 7), hit(3, 7)),
            List.of(agent(0, 7, "ann"), agent(0.5, 7, "bob"), agent(1, 7, "ann")),
            WINDOW);

    assertThat(found).hasSize(1);
    ChatConcurrency c = found.get(0);
    assertThat(c.chatId()).isEqualTo(7);
    assertThat(c.tooManyRequests()).isEqualTo(2);
    assertThat(c.concurrent429s()).isEqualTo(2);
    assertThat(c.first429()).isEqualTo(T0.plusSeconds(2));
    assertThat(c.agents())
        .containsExactly(
            new Sender("ann", 2, T0, T0.plusSeconds(1)),
            new Sender("bob", 1, T0.plusMillis(500), T0.plusMillis(500)));
    assertThat(c.automations()).isEmpty();
  }

  @Test
  void anAgentAndAnAutomationInTheSameSecondsAreConcurrent() {
    List<ChatConcurrency> found =
        ConcurrencyAnalysis.concurrentChats(
            List.of(hit(1, 8)),
            List.of(agent(0, 8, "ann"), automation(0.2, 8, "ticket-status")),
            WINDOW);

    assertThat(found).hasSize(1);
    assertThat(found.get(0).agents()).extracting(Sender::name).containsExactly("ann");
    assertThat(found.get(0).automations())
        .extracting(Sender::name)
        .containsExactly("ticket-status");
  }

  @Test
  void aSingleSenderCausingThe429sIsNoConcurrencyHoweverFastItWrites() {
    List<Send> oneAgent = List.of(agent(0, 9, "ann"), agent(0.1, 9, "ann"), agent(0.2, 9, "ann"));
    List<Send> automationsOnly =
        List.of(automation(0, 10, "shopify"), automation(0.1, 10, "ticket-status"));

    assertThat(ConcurrencyAnalysis.concurrentChats(List.of(hit(1, 9), hit(2, 9)), oneAgent, WINDOW))
        .isEmpty();
    // No agent among them: not agents' concurrency (the Shopify and rate-limit findings tell it).
    assertThat(ConcurrencyAnalysis.concurrentChats(List.of(hit(1, 10)), automationsOnly, WINDOW))
        .isEmpty();
  }

  @Test
  void sendersOutsideTheWindowOrInAnotherChatDoNotCount() {
    List<ChatConcurrency> found =
        ConcurrencyAnalysis.concurrentChats(
            List.of(hit(30, 11)),
            List.of(
                agent(5, 11, "ann"), // 25 s before the 429
                agent(29, 11, "bob"),
                agent(29.5, 12, "cid"), // another chat
                agent(31, 11, "dan")), // after the 429
            WINDOW);

    assertThat(found).isEmpty();
  }

  @Test
  void chatsAreListedMostConcurrent429sFirstAndHitsWithoutAChatAreIgnored() {
    List<ChatConcurrency> found =
        ConcurrencyAnalysis.concurrentChats(
            List.of(
                hit(1, 21),
                hit(1, 22),
                hit(2, 22),
                new RateAnalysis.Hit(T0, null, "getUpdates", "polling", 1)),
            List.of(
                agent(0, 21, "ann"),
                agent(0, 21, "bob"),
                agent(0, 22, "ann"),
                automation(0, 22, "after-hours")),
            WINDOW);

    assertThat(found).extracting(ChatConcurrency::chatId).containsExactly(22L, 21L);
  }
}
