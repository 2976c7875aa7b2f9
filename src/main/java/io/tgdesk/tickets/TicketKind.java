package io.tgdesk.tickets;

/** Where a ticket's conversation happens: a private chat with the bot, or a forum topic. */
public enum TicketKind {
  PRIVATE,
  TOPIC
}
