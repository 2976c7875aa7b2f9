package io.tgdesk.customers;

import io.tgdesk.tickets.Customer;
import java.time.Instant;

/**
 * A customer's block as admins see it after blocking or unblocking: {@code blocked} with the
 * reason, when and by whom (null when not blocked).
 */
public record CustomerBlockView(
    long id,
    long botId,
    long telegramUserId,
    String name,
    String username,
    boolean blocked,
    String reason,
    Instant blockedAt,
    String blockedBy) {

  static CustomerBlockView of(Customer c) {
    return new CustomerBlockView(
        c.id(),
        c.botId(),
        c.telegramUserId(),
        c.displayName(),
        c.username(),
        c.blocked(),
        c.blockedReason(),
        c.blockedAt(),
        c.blockedBy());
  }
}
