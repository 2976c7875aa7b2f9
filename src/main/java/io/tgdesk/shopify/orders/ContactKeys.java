package io.tgdesk.shopify.orders;

import io.tgdesk.shopify.intake.Payloads;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * What an order keeps of its email and phone: SHA-256 of the normalised value (lower-case email;
 * phone as + and digits), so that a customer linked later by email or phone finds the orders
 * received before, without the order holding the address or number.
 */
public final class ContactKeys {

  private ContactKeys() {}

  /** The key of an email, or null for none. */
  public static String email(String email) {
    String e = Payloads.email(email);
    return e == null ? null : sha256("email:" + e);
  }

  /** The key of a phone number in any notation, or null for none (fewer than 6 digits). */
  public static String phone(String phone) {
    String p = Payloads.phone(phone);
    return p == null ? null : sha256("phone:" + p);
  }

  private static String sha256(String s) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 unavailable", e);
    }
  }
}
