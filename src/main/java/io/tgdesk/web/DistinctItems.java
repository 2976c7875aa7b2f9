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
import java.util.Collection;
import java.util.HashSet;
import java.util.Objects;

/**
 * A list, when given, names no item twice. Null, and a list holding null (which a constraint on its
 * items answers), are valid here.
 */
@Documented
@Constraint(validatedBy = DistinctItems.Check.class)
@Target({ElementType.FIELD, ElementType.METHOD, ElementType.PARAMETER, ElementType.TYPE_USE})
@Retention(RetentionPolicy.RUNTIME)
public @interface DistinctItems {

  String message() default "must not name an item twice";

  Class<?>[] groups() default {};

  Class<? extends Payload>[] payload() default {};

  /** Validates {@link DistinctItems}. */
  class Check implements ConstraintValidator<DistinctItems, Collection<?>> {
    @Override
    public boolean isValid(Collection<?> value, ConstraintValidatorContext context) {
      // contains(null) throws on immutable lists (List.of), so look for null one by one.
      return value == null
          || value.stream().anyMatch(Objects::isNull)
          || new HashSet<>(value).size() == value.size();
    }
  }
}
