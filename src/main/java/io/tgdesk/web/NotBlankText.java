package io.tgdesk.web;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Repeatable;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A text, when given, is not blank in the sense of {@link String#isBlank()} (Bean Validation's own
 * {@code @NotBlank} trims only ASCII control characters and spaces, and refuses null). Null is
 * valid: pair it with {@code @NotNull} for a required text.
 */
@Documented
@Repeatable(NotBlankText.List.class)
@Constraint(validatedBy = NotBlankText.Check.class)
@Target({ElementType.FIELD, ElementType.METHOD, ElementType.PARAMETER, ElementType.TYPE_USE})
@Retention(RetentionPolicy.RUNTIME)
public @interface NotBlankText {

  String message() default "must not be blank";

  Class<?>[] groups() default {};

  Class<? extends Payload>[] payload() default {};

  /** Several, each in its own groups and with its own message. */
  @Documented
  @Target({ElementType.FIELD, ElementType.METHOD, ElementType.PARAMETER, ElementType.TYPE_USE})
  @Retention(RetentionPolicy.RUNTIME)
  @interface List {
    NotBlankText[] value();
  }

  /** Validates {@link NotBlankText}. */
  class Check implements ConstraintValidator<NotBlankText, CharSequence> {
    @Override
    public boolean isValid(CharSequence value, ConstraintValidatorContext context) {
      return value == null || !value.toString().isBlank();
    }
  }
}
