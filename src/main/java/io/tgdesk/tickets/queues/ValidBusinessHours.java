package io.tgdesk.tickets.queues;

import io.tgdesk.web.Violations;
import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.List;
import java.util.Map;

/**
 * The business hours of a request (time zone, hours by day, holidays) read as {@link
 * BusinessHours#parse} reads them; a violation names the field at fault ({@code timeZone}, {@code
 * hours} or {@code holidays}). A request with neither hours nor a time zone has none to check.
 */
@Documented
@Constraint(validatedBy = ValidBusinessHours.Check.class)
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
public @interface ValidBusinessHours {

  String message() default "are not business hours";

  Class<?>[] groups() default {};

  Class<? extends Payload>[] payload() default {};

  /** A request that carries business hours. */
  interface Form {
    String timeZone();

    Map<String, String> hours();

    List<String> holidays();
  }

  /** Validates {@link ValidBusinessHours}. */
  class Check implements ConstraintValidator<ValidBusinessHours, Form> {
    @Override
    public boolean isValid(Form form, ConstraintValidatorContext context) {
      if (form == null
          || (form.hours() == null || form.hours().isEmpty()) && form.timeZone() == null) {
        return true;
      }
      try {
        BusinessHours.parse(
            form.timeZone(), form.hours() == null ? Map.of() : form.hours(), form.holidays());
        return true;
      } catch (IllegalArgumentException e) {
        String why = e.getMessage();
        int colon = why.indexOf(':');
        return Violations.report(context, why.substring(0, colon), why.substring(colon + 2));
      }
    }
  }
}
