package io.tgdesk.routing;

import io.tgdesk.telegram.bots.BotId;

/**
 * Whom a send names to choose its bots: exactly one of a bot, a pool, a queue (its routing rule) or
 * a topic group (its routing rule, else the group's own bot).
 */
public record Target(BotId bot, PoolId pool, String queue, Long topicGroupId) {

  public Target {
    int given =
        (bot == null ? 0 : 1)
            + (pool == null ? 0 : 1)
            + (queue == null ? 0 : 1)
            + (topicGroupId == null ? 0 : 1);
    if (given != 1) {
      throw new IllegalArgumentException("exactly one of bot, pool, queue and topic group");
    }
  }

  public static Target bot(BotId bot) {
    return new Target(bot, null, null, null);
  }

  public static Target pool(PoolId pool) {
    return new Target(null, pool, null, null);
  }

  public static Target queue(String queue) {
    return new Target(null, null, queue, null);
  }

  public static Target topicGroup(long topicGroupId) {
    return new Target(null, null, null, topicGroupId);
  }
}
