package io.tgdesk.tickets.canned;

import io.tgdesk.tickets.replies.Replies;
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

/**
 * A canned response's text, when given, is a template {@link CannedTemplate#parse} accepts: only
 * known placeholders, every brace closed. The violation's message names every unknown placeholder,
 * or the first unclosed or stray brace. Null is valid.
 */
@Documented
@Constraint(validatedBy = CannedText.Check.class)
@Target({ElementType.FIELD, ElementType.METHOD, ElementType.PARAMETER, ElementType.TYPE_USE})
@Retention(RetentionPolicy.RUNTIME)
public @interface CannedText {

  String message() default "is not a template";

  Class<?>[] groups() default {};

  Class<? extends Payload>[] payload() default {};

  /** Validates {@link CannedText}. */
  class Check implements ConstraintValidator<CannedText, String> {
    @Override
    public boolean isValid(String text, ConstraintValidatorContext context) {
      if (text == null || text.isBlank() || text.length() > Replies.MAX_TEXT) {
        return true; // the other constraints of the field answer these
      }
      try {
        CannedTemplate.parse(text);
        return true;
      } catch (CannedTemplate.InvalidTemplate e) {
        context.disableDefaultConstraintViolation();
        context
            .buildConstraintViolationWithTemplate(Violations.literal(e.getMessage()))
            .addConstraintViolation();
        return false;
      }
    }
  }
}
