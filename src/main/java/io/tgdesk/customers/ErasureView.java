package io.tgdesk.customers;

import java.time.Instant;

/**
 * A customer's erasure as admins see it.
 *
 * @param state {@code running} (asked again, it continues) or {@code done}
 * @param requestedBy the user name of the admin who asked
 * @param tickets the customer's private tickets, kept as erased skeletons
 * @param messages conversation messages whose content was erased
 * @param outboxEntries outbox entries to the customer erased (pending ones cancelled)
 * @param otherRows other rows erased or deleted: stored updates, audited calls, Shopify data, host
 *     events
 * @param batches the transactions it took
 */
public record ErasureView(
    long customerId,
    long botId,
    String state,
    String requestedBy,
    Instant requestedAt,
    Instant finishedAt,
    int tickets,
    int messages,
    int outboxEntries,
    int otherRows,
    int batches) {}
