package io.tgdesk.tickets.queues;

import io.tgdesk.web.Problem;
import java.util.regex.Pattern;

/**
 * A queue's name: 1-100 of a-z, 0-9 and '-', starting with a letter or digit. The one form that
 * queues, ticket moves, routing rules and sends through a queue's rule accept, so that a name one
 * of them takes always names a queue the others can have.
 */
public record QueueName(String value) {

  /** What a field holding a queue name must be, as a field error says it. */
  public static final String RULE =
      "must be 1-100 of a-z, 0-9 and '-', starting with a letter or digit";

  /** The form, as a regular expression (for {@code @Pattern} constraints). */
  public static final String FORM = "[a-z0-9][a-z0-9-]{0,99}";

  private static final Pattern PATTERN = Pattern.compile(FORM);

  public QueueName {
    if (!isValid(value)) {
      throw new IllegalArgumentException(RULE);
    }
  }

  /** Whether {@code value} is a queue name; false for null. */
  public static boolean isValid(String value) {
    return value != null && PATTERN.matcher(value).matches();
  }

  /** The field error for a field that does not hold a queue name. */
  public static Problem.FieldError invalid(String field) {
    return new Problem.FieldError(field, RULE);
  }

  @Override
  public String toString() {
    return value;
  }
}
