package io.tgdesk.routing;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Spreads chats over the bots of a pool so that they all finish at about the same time: each chat
 * goes to the bot with the least {@code (load + 1) / rate}, where load counts the messages the bot
 * already has to send (pending ones and those given to it so far) and rate is its budget in
 * messages per second. Ties go to the bot listed first. Not thread-safe; one per send.
 */
final class PoolSpread {

  private final Map<Long, Double> rates;
  private final Map<Long, Double> loads = new LinkedHashMap<>();

  /**
   * @param rates each bot's budget, messages per second (above 0), in tie-breaking order
   */
  PoolSpread(Map<Long, Double> rates) {
    if (rates.isEmpty()) {
      throw new IllegalArgumentException("no bot to spread over");
    }
    this.rates = new LinkedHashMap<>(rates);
    rates.keySet().forEach(b -> loads.put(b, 0.0));
  }

  /** Adds work a bot already has (pending entries, or chats it keeps); other bots are ignored. */
  void addLoad(long bot, double messages) {
    loads.computeIfPresent(bot, (b, l) -> l + messages);
  }

  /** Gives a chat with this many messages to the bot that would finish it soonest. */
  long assign(int messages) {
    long best = 0;
    double bestFinish = Double.MAX_VALUE;
    for (Map.Entry<Long, Double> bot : rates.entrySet()) {
      double finish = (loads.get(bot.getKey()) + 1) / bot.getValue();
      if (finish < bestFinish) {
        best = bot.getKey();
        bestFinish = finish;
      }
    }
    loads.merge(best, (double) messages, Double::sum);
    return best;
  }
}
