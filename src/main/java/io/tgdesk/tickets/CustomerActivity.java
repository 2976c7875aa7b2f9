package io.tgdesk.tickets;

import java.time.Instant;

/**
 * Something happened to a customer (not to one of their tickets) that the host helpdesk platform
 * may want to know. Fired synchronously inside the transaction that made the change, so that
 * observers (the hostevents package) record it atomically with it.
 *
 * @param type what happened
 * @param customerId the customer
 * @param at when it happened
 */
public record CustomerActivity(Type type, CustomerId customerId, Instant at) {

  /** The kinds of activity, by the wire name of the host event they become. */
  public enum Type {
    CUSTOMER_BLOCKED("customer.blocked"),
    CUSTOMER_UNBLOCKED("customer.unblocked");

    private final String wireName;

    Type(String wireName) {
      this.wireName = wireName;
    }

    public String wireName() {
      return wireName;
    }
  }
}
