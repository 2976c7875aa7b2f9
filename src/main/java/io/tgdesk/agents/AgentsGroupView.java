package io.tgdesk.agents;

import java.time.Instant;
import java.util.List;

/**
 * A registered agents group as the admin API shows it.
 *
 * @param queue the queue whose tickets it takes; null: the tickets of its bots
 * @param botIds the bots that serve it, each with its own group budget
 * @param coalesceTexts whether texts not yet sent are combined while its budget is short
 */
public record AgentsGroupView(
    long chatId,
    String title,
    String queue,
    List<Long> botIds,
    boolean coalesceTexts,
    Instant createdAt) {}
