package io.tgdesk.web;

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
 * A text, when given, is one line of at most {@link #max()} characters once stripped of the
 * whitespace around it (the form in which it is stored). Null is valid.
 */
@Documented
@Constraint(validatedBy = OneLine.Check.class)
@Target({ElementType.FIELD, ElementType.METHOD, ElementType.PARAMETER, ElementType.TYPE_USE})
@Retention(RetentionPolicy.RUNTIME)
public @interface OneLine {

  String message() default "must be one line of at most {max}";

  int max();

  Class<?>[] groups() default {};

  Class<? extends Payload>[] payload() default {};

  /** Validates {@link OneLine}. */
  class Check implements ConstraintValidator<OneLine, CharSequence> {
    private int max;

    @Override
    public void initialize(OneLine constraint) {
      max = constraint.max();
    }

    @Override
    public boolean isValid(CharSequence value, ConstraintValidatorContext context) {
      if (value == null) {
        return true;
      }
      String s = value.toString().strip();
      return s.length() <= max && s.indexOf('\n') < 0 && s.indexOf('\r') < 0;
    }
  }
}
