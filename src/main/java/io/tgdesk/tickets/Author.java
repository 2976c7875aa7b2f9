package io.tgdesk.tickets;

/** Who wrote a conversation message. SYSTEM: service events such as a topic being closed. */
public enum Author {
  CUSTOMER,
  AGENT,
  SYSTEM
}
