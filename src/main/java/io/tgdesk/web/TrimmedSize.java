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
 * A text, when given, is {@link #min()} to {@link #max()} characters once {@link String#trim()
 * trimmed}, the form in which it is stored. Null is valid.
 */
@Documented
@Constraint(validatedBy = TrimmedSize.Check.class)
@Target({ElementType.FIELD, ElementType.METHOD, ElementType.PARAMETER, ElementType.TYPE_USE})
@Retention(RetentionPolicy.RUNTIME)
public @interface TrimmedSize {

  String message() default "must be at most {max} characters";

  int min() default 0;

  int max();

  Class<?>[] groups() default {};

  Class<? extends Payload>[] payload() default {};

  /** Validates {@link TrimmedSize}. */
  class Check implements ConstraintValidator<TrimmedSize, CharSequence> {
    private int min;
    private int max;

    @Override
    public void initialize(TrimmedSize constraint) {
      min = constraint.min();
      max = constraint.max();
    }

    @Override
    public boolean isValid(CharSequence value, ConstraintValidatorContext context) {
      if (value == null) {
        return true;
      }
      int length = value.toString().trim().length();
      return length >= min && length <= max;
    }
  }
}
