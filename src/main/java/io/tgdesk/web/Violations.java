package io.tgdesk.web;

import jakarta.validation.ConstraintValidatorContext;

/**
 * Reports a violation from a custom constraint's validator under a field of its own choosing, with
 * a message taken literally: a message that quotes the client's input (a day name, a placeholder)
 * must never be read as a message template, where {@code {...}} and {@code ${...}} would be
 * interpolated.
 */
public final class Violations {

  private Violations() {}

  /**
   * Replaces the constraint's default violation by one naming {@code field} (a JSON path below the
   * validated object, such as {@code hours.monday}) with {@code message}, taken literally.
   *
   * @return false, for the validator to return
   */
  public static boolean report(ConstraintValidatorContext context, String field, String message) {
    context.disableDefaultConstraintViolation();
    context
        .buildConstraintViolationWithTemplate(literal(message))
        .addPropertyNode(field)
        .addConstraintViolation();
    return false;
  }

  /** The message template that interpolates to exactly {@code message}. */
  public static String literal(String message) {
    return message
        .replace("\\", "\\\\")
        .replace("{", "\\{")
        .replace("}", "\\}")
        .replace("$", "\\$");
  }
}
