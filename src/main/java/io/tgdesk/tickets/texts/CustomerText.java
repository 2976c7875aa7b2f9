package io.tgdesk.tickets.texts;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The texts TgDesk writes to customers, each with the placeholders its template may use. The
 * shipped templates per language are in {@code customer-texts_<language>.properties} next to this
 * class; a bot's admin may set its own per key and language ({@link CustomerTexts}).
 */
public enum CustomerText {
  /** The answer to {@code /start}. */
  GREETING("the answer to /start", Placeholders.CUSTOMER),
  /** The status notices of a private ticket (tgdesk.tickets.status-notices). */
  TICKET_OPEN("status notice: the ticket is open again", Placeholders.TICKET),
  TICKET_PENDING("status notice: the ticket waits for the customer", Placeholders.TICKET),
  TICKET_RESOLVED("status notice: the ticket is resolved", Placeholders.TICKET),
  TICKET_CLOSED("status notice: the ticket is closed", Placeholders.TICKET),
  /** A queue's after-hours reply, when the queue has none of its own. */
  AFTER_HOURS("after-hours reply of a queue without its own", Placeholders.AFTER_HOURS),
  /** Shopify order notices, one per webhook topic, when the shop has no template of its own. */
  ORDER_CREATED("Shopify orders/create", Placeholders.ORDER),
  ORDER_UPDATED("Shopify orders/updated", Placeholders.ORDER),
  ORDER_PAID("Shopify orders/paid", Placeholders.ORDER),
  ORDER_CANCELLED("Shopify orders/cancelled", Placeholders.ORDER),
  ORDER_FULFILLED("Shopify orders/fulfilled", Placeholders.ORDER),
  ORDER_PARTIALLY_FULFILLED("Shopify orders/partially_fulfilled", Placeholders.ORDER),
  FULFILLMENT_CREATED("Shopify fulfillments/create", Placeholders.ORDER),
  FULFILLMENT_UPDATED("Shopify fulfillments/update", Placeholders.ORDER),
  REFUND_CREATED("Shopify refunds/create", Placeholders.ORDER),
  /** The satisfaction-rating prompt sent when a ticket is resolved, and the thanks for a rating. */
  CSAT_PROMPT("satisfaction-rating prompt", Placeholders.TICKET),
  CSAT_THANKS("thanks for a satisfaction rating", Placeholders.RATING);

  private final String purpose;
  private final Map<String, String> placeholders;

  CustomerText(String purpose, Map<String, String> placeholders) {
    this.purpose = purpose;
    this.placeholders = placeholders;
  }

  /** What the text is for, in a few words. */
  public String purpose() {
    return purpose;
  }

  /** The placeholders the text's template may use, each with what it stands for, in order. */
  public Map<String, String> placeholders() {
    return placeholders;
  }

  /** The key by its name, regardless of case ("greeting", "GREETING"). */
  public static Optional<CustomerText> find(String name) {
    if (name == null) {
      return Optional.empty();
    }
    String upper = name.strip().toUpperCase(Locale.ROOT);
    return Arrays.stream(values()).filter(k -> k.name().equals(upper)).findFirst();
  }

  /** The placeholder sets, shared by several keys. */
  static final class Placeholders {
    private Placeholders() {}

    static final Map<String, String> CUSTOMER =
        ordered(
            "customer.first_name", "the customer's first name (else their display name)",
            "customer.name", "first and last name, or @username when there is no name");
    static final Map<String, String> TICKET =
        ordered(
            "customer.first_name", "the customer's first name (else their display name)",
            "ticket.id", "the ticket's number",
            "ticket.subject", "the ticket's subject (its number, #12, when it has none)",
            "queue.name", "the ticket's queue");
    static final Map<String, String> RATING =
        ordered(
            "customer.first_name", "the customer's first name (else their display name)",
            "ticket.id", "the ticket's number",
            "ticket.subject", "the ticket's subject (its number, #12, when it has none)",
            "rating", "the rating the customer gave, 1 to 5");
    static final Map<String, String> AFTER_HOURS =
        ordered(
            "customer.first_name", "the customer's first name (else their display name)",
            "ticket.id", "the ticket's number",
            "queue.name", "the ticket's queue");
    static final Map<String, String> ORDER =
        ordered(
            "order", "the order's name, e.g. #1001",
            "financial_status", "the order's payment status",
            "fulfillment_status", "the order's shipping status (unfulfilled when none)",
            "total", "the order's total price",
            "currency", "the order's currency",
            "items", "the order's items",
            "tracking", "the shipment's tracking number and link",
            "refund", "the refunded amount",
            "shop", "the shop's domain");

    private static Map<String, String> ordered(String... keysAndValues) {
      Map<String, String> m = new LinkedHashMap<>();
      for (int i = 0; i < keysAndValues.length; i += 2) {
        m.put(keysAndValues[i], keysAndValues[i + 1]);
      }
      return Collections.unmodifiableMap(m);
    }
  }
}
