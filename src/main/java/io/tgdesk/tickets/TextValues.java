package io.tgdesk.tickets;

import java.util.HashMap;
import java.util.Map;

/**
 * The values of the placeholders of the texts TgDesk writes to customers ({@link
 * io.tgdesk.tickets.texts.CustomerText}) that come from a ticket and its customer. Null where a
 * value is missing.
 */
public final class TextValues {

  private TextValues() {}

  /** customer.first_name (else the display name) and customer.name; empty without a customer. */
  public static Map<String, String> of(Customer customer) {
    Map<String, String> v = new HashMap<>();
    if (customer != null) {
      String first = customer.firstName();
      v.put(
          "customer.first_name", first == null || first.isBlank() ? customer.displayName() : first);
      v.put("customer.name", customer.displayName());
    }
    return v;
  }

  /**
   * The customer's values, ticket.id, ticket.subject (the ticket's number, #12, when it has no
   * subject) and queue.name.
   */
  public static Map<String, String> of(Ticket ticket, Customer customer) {
    Map<String, String> v = of(customer);
    String number = String.valueOf(ticket.id().value());
    v.put("ticket.id", number);
    v.put(
        "ticket.subject",
        ticket.subject() == null || ticket.subject().isBlank() ? "#" + number : ticket.subject());
    v.put("queue.name", ticket.queue());
    return v;
  }
}
