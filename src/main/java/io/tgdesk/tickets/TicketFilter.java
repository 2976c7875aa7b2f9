package io.tgdesk.tickets;

import java.time.Instant;
import java.util.Set;

/**
 * What a ticket list is narrowed to; every field is optional (null: no condition).
 *
 * @param statuses any of these statuses
 * @param queue the queue's name
 * @param assignee the assignee's user name
 * @param unassigned only tickets nobody works on
 * @param botId the bot's id
 * @param customerId TgDesk's customer id
 * @param text case-insensitive, in the subject or any message of the ticket
 * @param updatedSince changed at or after this instant
 */
public record TicketFilter(
    Set<TicketStatus> statuses,
    String queue,
    String assignee,
    boolean unassigned,
    Long botId,
    Long customerId,
    String text,
    Instant updatedSince) {

  public static TicketFilter none() {
    return new TicketFilter(null, null, null, false, null, null, null, null);
  }
}
