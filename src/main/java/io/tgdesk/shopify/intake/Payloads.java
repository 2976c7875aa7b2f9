package io.tgdesk.shopify.intake;

import io.tgdesk.intake.JsonLimits;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonException;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.ByteArrayInputStream;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Reads the parts of Shopify payloads TgDesk uses. Every field may be missing or null (redacted
 * personal data, older API versions): readers answer null then, never throw for a missing field.
 */
public final class Payloads {

  private Payloads() {}

  /** A payload that is not a JSON object. */
  public static final class MalformedPayload extends RuntimeException {
    public MalformedPayload(String message) {
      super(message);
    }
  }

  public static JsonObject parse(byte[] raw) {
    String tooDeep = JsonLimits.nestingProblem(raw);
    if (tooDeep != null) {
      throw new MalformedPayload(tooDeep);
    }
    try (var reader = Json.createReader(new ByteArrayInputStream(raw))) {
      JsonValue v = reader.readValue();
      if (v instanceof JsonObject o) {
        return o;
      }
      throw new MalformedPayload("the payload is not a JSON object");
    } catch (JsonException
        | IllegalStateException
        | ArithmeticException
        | NumberFormatException
        | UnsupportedOperationException e) {
      // The last three: numbers the parser will not read (Parsson refuses more than 1100 digits).
      String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
      throw new MalformedPayload(
          "the payload is not JSON: "
              + (message.length() > 200 ? message.substring(0, 200) : message));
    }
  }

  public static String string(JsonObject o, String name) {
    if (o == null) return null;
    JsonValue v = o.get(name);
    if (v instanceof JsonString s) return s.getString().isBlank() ? null : s.getString();
    if (v instanceof JsonNumber n) {
      try {
        return n.toString();
      } catch (RuntimeException tooLong) {
        return null; // Parsson will not read a number of more than 1100 characters
      }
    }
    return null;
  }

  /**
   * A whole number (an id, a quantity), exactly; null when missing, null or not a number.
   *
   * @throws MalformedPayload when it has a fraction or lies outside the 64-bit range: an id we
   *     cannot hold exactly would name another order or customer
   */
  public static Long number(JsonObject o, String name) {
    return number(o, name, name);
  }

  /** As {@link #number(JsonObject, String)}, naming the field {@code path} in the message. */
  public static Long number(JsonObject o, String name, String path) {
    if (o == null) return null;
    JsonValue v = o.get(name);
    try {
      if (v instanceof JsonNumber n) return JsonLimits.exactLong(n, path);
      if (v instanceof JsonString s && !s.getString().isBlank()) {
        return JsonLimits.exactLong(s.getString().trim(), path);
      }
    } catch (JsonLimits.NotAnId e) {
      throw new MalformedPayload(e.getMessage());
    }
    return null;
  }

  /**
   * A money amount (a string or a number in Shopify's payloads); null when missing or unreadable.
   */
  public static BigDecimal decimal(JsonObject o, String name) {
    String s = string(o, name);
    if (s == null || s.length() > 40) return null;
    try {
      return new BigDecimal(s.trim());
    } catch (NumberFormatException e) {
      return null;
    }
  }

  public static JsonObject object(JsonObject o, String name) {
    if (o == null) return null;
    return o.get(name) instanceof JsonObject inner ? inner : null;
  }

  public static List<JsonObject> objects(JsonObject o, String name) {
    if (o == null || !(o.get(name) instanceof JsonArray a)) return List.of();
    List<JsonObject> out = new ArrayList<>();
    for (JsonValue v : a) {
      if (v instanceof JsonObject inner) out.add(inner);
    }
    return out;
  }

  /**
   * The whole numbers of an array, exactly.
   *
   * @throws MalformedPayload when one has a fraction or lies outside the 64-bit range
   */
  public static List<Long> numbers(JsonObject o, String name) {
    if (o == null || !(o.get(name) instanceof JsonArray a)) return List.of();
    List<Long> out = new ArrayList<>();
    for (JsonValue v : a) {
      if (v instanceof JsonNumber n) {
        try {
          out.add(JsonLimits.exactLong(n, name + "[]"));
        } catch (JsonLimits.NotAnId e) {
          throw new MalformedPayload(e.getMessage());
        }
      }
    }
    return out;
  }

  public static Instant instant(JsonObject o, String name) {
    String s = string(o, name);
    if (s == null) return null;
    try {
      return OffsetDateTime.parse(s).toInstant();
    } catch (DateTimeParseException e) {
      try {
        return Instant.parse(s);
      } catch (DateTimeParseException e2) {
        return null;
      }
    }
  }

  public static String email(String s) {
    return s == null || s.isBlank() ? null : s.trim().toLowerCase(Locale.ROOT);
  }

  /** Digits only, with a leading + (so "+49 170 123" and "49170123" compare equal). */
  public static String phone(String s) {
    if (s == null) return null;
    String digits = s.replaceAll("[^0-9]", "");
    return digits.length() < 6 ? null : "+" + digits;
  }

  /** What a delivery of one of the order topics carries: an order, a fulfillment or a refund. */
  public sealed interface OrderTopic permits Order, Fulfillment, Refund {}

  /** The order of orders/* topics. */
  public record Order(
      long id,
      String name,
      Long customerId,
      String email,
      String phone,
      String financialStatus,
      String fulfillmentStatus,
      String totalPrice,
      String currency,
      String items,
      Map<String, String> noteAttributes,
      Instant cancelledAt,
      Instant updatedAt)
      implements OrderTopic {

    public static Order of(JsonObject o) {
      Long id = number(o, "id");
      if (id == null) {
        throw new MalformedPayload("the order has no id");
      }
      JsonObject customer = object(o, "customer");
      String email = Optional.ofNullable(string(o, "email")).orElse(string(customer, "email"));
      String phone = Optional.ofNullable(string(o, "phone")).orElse(string(customer, "phone"));
      Map<String, String> notes = new LinkedHashMap<>();
      for (JsonObject a : objects(o, "note_attributes")) {
        String n = string(a, "name");
        if (n != null) notes.put(n.trim().toLowerCase(Locale.ROOT), string(a, "value"));
      }
      List<String> items = new ArrayList<>();
      for (JsonObject li : objects(o, "line_items")) {
        Long q = number(li, "quantity");
        String title = string(li, "title");
        if (title != null) items.add((q == null ? 1 : q) + " × " + title);
      }
      return new Order(
          id,
          string(o, "name"),
          number(customer, "id", "customer.id"),
          Payloads.email(email),
          Payloads.phone(phone),
          string(o, "financial_status"),
          string(o, "fulfillment_status"),
          string(o, "total_price"),
          string(o, "currency"),
          items.isEmpty() ? null : String.join(", ", items),
          notes,
          instant(o, "cancelled_at"),
          instant(o, "updated_at"));
    }
  }

  /** A fulfillment (fulfillments/create, fulfillments/update). */
  public record Fulfillment(
      Long id, long orderId, String status, String tracking, Instant updatedAt)
      implements OrderTopic {
    public static Fulfillment of(JsonObject o) {
      Long orderId = number(o, "order_id");
      if (orderId == null) {
        throw new MalformedPayload("the fulfillment has no order_id");
      }
      List<String> parts = new ArrayList<>();
      String company = string(o, "tracking_company");
      if (company != null) parts.add(company);
      String number = string(o, "tracking_number");
      if (number != null) parts.add(number);
      String url = string(o, "tracking_url");
      if (url != null) parts.add(url);
      return new Fulfillment(
          number(o, "id"),
          orderId,
          Optional.ofNullable(string(o, "shipment_status")).orElse(string(o, "status")),
          parts.isEmpty() ? null : String.join(" ", parts),
          instant(o, "updated_at"));
    }
  }

  /**
   * A refund (refunds/create). The amount is the sum of its successful refund transactions; a
   * refund without transactions (Shopify's own sample, refunds recorded before the money moved)
   * counts its line items (subtotal and tax) and its order adjustments (refunded shipping, a
   * discrepancy) instead. Null when the payload names no amount at all.
   */
  public record Refund(long orderId, String amount, String currency) implements OrderTopic {
    public static Refund of(JsonObject o) {
      Long orderId = number(o, "order_id");
      if (orderId == null) {
        throw new MalformedPayload("the refund has no order_id");
      }
      BigDecimal sum = null;
      String currency = null;
      for (JsonObject t : objects(o, "transactions")) {
        String kind = string(t, "kind");
        String status = string(t, "status");
        if (kind != null && !kind.equals("refund") || status != null && !status.equals("success")) {
          continue;
        }
        BigDecimal amount = decimal(t, "amount");
        if (amount != null) sum = (sum == null ? BigDecimal.ZERO : sum).add(amount);
        if (currency == null) currency = string(t, "currency");
      }
      if (sum == null) {
        for (JsonObject li : objects(o, "refund_line_items")) {
          BigDecimal subtotal = money(li, "subtotal");
          BigDecimal tax = money(li, "total_tax");
          if (subtotal != null || tax != null) {
            sum =
                (sum == null ? BigDecimal.ZERO : sum)
                    .add(subtotal == null ? BigDecimal.ZERO : subtotal)
                    .add(tax == null ? BigDecimal.ZERO : tax);
          }
          if (currency == null) currency = currencyOf(li, "subtotal");
        }
        for (JsonObject adj : objects(o, "order_adjustments")) {
          // Adjustments are written from the order's side: a refunded shipping fee is -5.00.
          BigDecimal amount = decimal(adj, "amount");
          BigDecimal tax = decimal(adj, "tax_amount");
          if (amount != null || tax != null) {
            sum =
                (sum == null ? BigDecimal.ZERO : sum)
                    .subtract(amount == null ? BigDecimal.ZERO : amount)
                    .subtract(tax == null ? BigDecimal.ZERO : tax);
          }
        }
      }
      if (sum != null && sum.scale() < 2) {
        sum = sum.setScale(2);
      }
      return new Refund(orderId, sum == null ? null : sum.toPlainString(), currency);
    }

    /** {@code <name>_set.shop_money.amount} (exact, a string), else {@code <name>}. */
    private static BigDecimal money(JsonObject o, String name) {
      BigDecimal exact = decimal(object(object(o, name + "_set"), "shop_money"), "amount");
      return exact != null ? exact : decimal(o, name);
    }

    private static String currencyOf(JsonObject o, String name) {
      return string(object(object(o, name + "_set"), "shop_money"), "currency_code");
    }
  }
}
