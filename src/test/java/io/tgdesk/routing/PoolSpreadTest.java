package io.tgdesk.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PoolSpreadTest {

  private static Map<Long, Integer> assignAll(PoolSpread spread, int chats) {
    Map<Long, Integer> perBot = new HashMap<>();
    for (int i = 0; i < chats; i++) {
      perBot.merge(spread.assign(1), 1, Integer::sum);
    }
    return perBot;
  }

  private static Map<Long, Double> rates(double... perBot) {
    Map<Long, Double> rates = new LinkedHashMap<>();
    for (int i = 0; i < perBot.length; i++) {
      rates.put((long) i + 1, perBot[i]);
    }
    return rates;
  }

  @Test
  void equalIdleBotsTakeTurnsInTheirOrder() {
    PoolSpread spread = new PoolSpread(rates(30, 30, 30));

    assertThat(spread.assign(1)).isEqualTo(1);
    assertThat(spread.assign(1)).isEqualTo(2);
    assertThat(spread.assign(1)).isEqualTo(3);
    assertThat(spread.assign(1)).isEqualTo(1);
  }

  @Test
  void tenThousandChatsOverThreeEqualBotsSplitIntoThirds() {
    assertThat(assignAll(new PoolSpread(rates(30, 30, 30)), 10_000))
        .containsEntry(1L, 3334)
        .containsEntry(2L, 3333)
        .containsEntry(3L, 3333);
  }

  @Test
  void aBotWithABacklogGetsNewChatsOnlyOnceTheOthersCaughtUp() {
    PoolSpread spread = new PoolSpread(rates(30, 30));
    spread.addLoad(1, 100);

    Map<Long, Integer> perBot = assignAll(spread, 120);

    // 100 + 10 = 110 for bot 1, 110 for bot 2: both end together.
    assertThat(perBot).containsEntry(1L, 10).containsEntry(2L, 110);
  }

  @Test
  void aFasterBotGetsChatsInProportionToItsRate() {
    // A paid-broadcast bot at 90/s next to a free one at 30/s.
    Map<Long, Integer> perBot = assignAll(new PoolSpread(rates(90, 30)), 400);

    assertThat(perBot).containsEntry(1L, 300).containsEntry(2L, 100);
  }

  @Test
  void aChatWithSeveralMessagesWeighsAsMuch() {
    PoolSpread spread = new PoolSpread(rates(30, 30));

    assertThat(spread.assign(5)).isEqualTo(1);
    assertThat(spread.assign(1)).isEqualTo(2);
    assertThat(spread.assign(1)).isEqualTo(2);
    assertThat(spread.assign(1)).isEqualTo(2);
    assertThat(spread.assign(1)).isEqualTo(2);
    assertThat(spread.assign(1)).isEqualTo(2);
    assertThat(spread.assign(1)).isEqualTo(1);
  }

  @Test
  void loadOfABotOutsideThePoolIsIgnored() {
    PoolSpread spread = new PoolSpread(rates(30, 30));
    spread.addLoad(99, 1000);

    assertThat(spread.assign(1)).isEqualTo(1);
  }

  @Test
  void aPoolWithoutBotsIsRefused() {
    assertThatThrownBy(() -> new PoolSpread(Map.of())).isInstanceOf(IllegalArgumentException.class);
  }
}
