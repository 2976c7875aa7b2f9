package io.tgdesk.hostevents;

import io.tgdesk.web.Change;
import io.tgdesk.web.Creation;
import io.tgdesk.web.NotBlankText;
import io.tgdesk.web.Violations;
import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.List;

/**
 * Registering or changing an event endpoint; on a change, absent fields stay as they are.
 *
 * @param url the HTTPS address that receives the POSTs (http only for a loopback host)
 * @param eventTypes the types to receive; absent or empty means all
 * @param maxAttempts attempts before an event is dead, 1 to 50 (default 10)
 * @param enabled whether events are queued and sent for it (default true)
 */
public record EndpointRequest(
    @NotNull(groups = Creation.class, message = "is required")
        @NotBlankText(groups = Creation.class, message = "is required")
        @NotBlankText(groups = Change.class, message = "must not be blank")
        String url,
    @KnownEventTypes List<String> eventTypes,
    @Min(value = 1, message = "must be between 1 and 50")
        @Max(value = 50, message = "must be between 1 and 50")
        Integer maxAttempts,
    Boolean enabled) {

  /** Every item of a list of event types, when given, is one of {@link HostEvents#TYPES}. */
  @Documented
  @Constraint(validatedBy = KnownEventTypes.Check.class)
  @Target({ElementType.FIELD, ElementType.METHOD, ElementType.PARAMETER})
  @Retention(RetentionPolicy.RUNTIME)
  public @interface KnownEventTypes {

    String message() default "unknown type";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    /** Validates {@link KnownEventTypes}: one violation per unknown type, naming it. */
    class Check implements ConstraintValidator<KnownEventTypes, List<String>> {
      @Override
      public boolean isValid(List<String> types, ConstraintValidatorContext context) {
        if (types == null) {
          return true;
        }
        boolean valid = true;
        context.disableDefaultConstraintViolation();
        for (String t : types) {
          if (!HostEvents.TYPES.contains(t)) {
            valid = false;
            context
                .buildConstraintViolationWithTemplate(
                    Violations.literal("unknown type '" + t + "'; known: " + HostEvents.TYPES))
                .addConstraintViolation();
          }
        }
        return valid;
      }
    }
  }
}
