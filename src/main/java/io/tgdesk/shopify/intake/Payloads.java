package io.tgdesk.shopify.intake;

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
    try (var reader = Json.createReader(new ByteArrayInputStream(raw))) {
      JsonValue v = reader.readValue();
      if (v instanceof JsonObject o) {
        return o;
      }
      throw new MalformedPayload("the payload is not a JSON object");
    } catch (JsonException | IllegalStateException e) {
      throw new MalformedPayload("the payload is not JSON: " + e.getMessage());
    }
  }

  public static String string(JsonObject o, String name) {
    if (o == null) return null;
    JsonValue v = o.get(name);
    if (v instanceof JsonString s) return s.getString().isBlank() ? null : s.getString();
    if (v instanceof JsonNumber n) return n.toString();
    return null;
  }

  public static Long number(JsonObject o, String name) {
    if (o == null) return null;
    JsonValue v = o.get(name);
    if (v instanceof JsonNumber n) return n.isIntegral() ? n.longValue() : null;
    if (v instanceof JsonString s) {
      try {
        return Long.parseLong(s.getString().trim());
      } catch (NumberFormatException e) {
        return null;
      }
    }
    return null;
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

  public static List<Long> numbers(JsonObject o, String name) {
    if (o == null || !(o.get(name) instanceof JsonArray a)) return List.of();
    List<Long> out = new ArrayList<>();
    for (JsonValue v : a) {
      if (v instanceof JsonNumber n && n.isIntegral()) out.add(n.longValue());
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
      Instant updatedAt) {

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
          number(customer, "id"),
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
      Long id, long orderId, String status, String tracking, Instant updatedAt) {
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

  /** A refund (refunds/create): the amount is the sum of its transactions. */
  public record Refund(long orderId, String amount, String currency) {
    public static Refund of(JsonObject o) {
      Long orderId = number(o, "order_id");
      if (orderId == null) {
        throw new MalformedPayload("the refund has no order_id");
      }
      BigDecimal sum = null;
      String currency = null;
      for (JsonObject t : objects(o, "transactions")) {
        String amount = string(t, "amount");
        if (amount != null) {
          try {
            sum = (sum == null ? BigDecimal.ZERO : sum).add(new BigDecimal(amount));
          } catch (NumberFormatException e) {
            // an amount we cannot read leaves the sum as it was
          }
        }
        if (currency == null) currency = string(t, "currency");
      }
      return new Refund(orderId, sum == null ? null : sum.toPlainString(), currency);
    }
  }
}
