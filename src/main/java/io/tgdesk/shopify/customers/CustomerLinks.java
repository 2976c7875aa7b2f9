package io.tgdesk.shopify.customers;

import io.tgdesk.shopify.intake.Payloads;
import io.tgdesk.shopify.shops.Shop;
import io.tgdesk.web.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

/** What agents do with links between Shopify customers and Telegram users. */
@ApplicationScoped
public class CustomerLinks {

  @PersistenceContext EntityManager em;
  @Inject Event<CustomerLinked> linked;
  @Inject Clock clock;

  /**
   * An explicit link: the Telegram user {@code telegramUserId} of the shop's bot is the Shopify
   * customer with this id, or the one whose orders carry this email or phone.
   */
  @LinkRequest.Identified
  public record LinkRequest(
      @NotNull(message = "is required") Long shopId,
      @NotNull(message = "is required (a Telegram user id)")
          @Positive(message = "is required (a Telegram user id)")
          Long telegramUserId,
      Long shopifyCustomerId,
      @Contact(Contact.Kind.EMAIL) String email,
      @Contact(Contact.Kind.PHONE) String phone) {

    /**
     * An email or phone, when given, is one that orders carry once normalized as Shopify's payloads
     * are ({@link Payloads#email}, {@link Payloads#phone}) and that fits its column.
     */
    @Documented
    @Constraint(validatedBy = Contact.Check.class)
    @Target({ElementType.FIELD, ElementType.METHOD, ElementType.PARAMETER})
    @Retention(RetentionPolicy.RUNTIME)
    public @interface Contact {

      /** Which kind of contact. */
      enum Kind {
        EMAIL,
        PHONE
      }

      Kind value();

      String message() default "is not a contact";

      Class<?>[] groups() default {};

      Class<? extends Payload>[] payload() default {};

      /** Validates {@link Contact}. */
      class Check implements ConstraintValidator<Contact, String> {
        private Kind kind;

        @Override
        public void initialize(Contact constraint) {
          kind = constraint.value();
        }

        @Override
        public boolean isValid(String value, ConstraintValidatorContext context) {
          if (value == null) {
            return true;
          }
          String problem;
          if (kind == Kind.EMAIL) {
            String email = Payloads.email(value);
            problem =
                email == null || !email.contains("@")
                    ? "is not an email address"
                    : email.length() > 320 ? "is longer than 320 characters" : null;
          } else {
            String phone = Payloads.phone(value);
            problem =
                phone == null
                    ? "must have at least 6 digits"
                    : phone.length() > 40 ? "has more than 39 digits" : null;
          }
          if (problem == null) {
            return true;
          }
          context.disableDefaultConstraintViolation();
          context.buildConstraintViolationWithTemplate(problem).addConstraintViolation();
          return false;
        }
      }
    }

    /** A link names the Shopify customer: by id, email or phone. */
    @Documented
    @Constraint(validatedBy = Identified.Check.class)
    @Target(ElementType.TYPE)
    @Retention(RetentionPolicy.RUNTIME)
    public @interface Identified {

      String message() default "or email or phone is required";

      Class<?>[] groups() default {};

      Class<? extends Payload>[] payload() default {};

      /** Validates {@link Identified}; the violation names {@code shopifyCustomerId}. */
      class Check implements ConstraintValidator<Identified, LinkRequest> {
        @Override
        public boolean isValid(LinkRequest r, ConstraintValidatorContext context) {
          if (r == null
              || r.shopifyCustomerId() != null
              || r.email() != null
              || r.phone() != null) {
            return true;
          }
          context.disableDefaultConstraintViolation();
          context
              .buildConstraintViolationWithTemplate(context.getDefaultConstraintMessageTemplate())
              .addPropertyNode("shopifyCustomerId")
              .addConstraintViolation();
          return false;
        }
      }
    }
  }

  /** A link, and whether this request made it (a repeat of an existing link did not). */
  public record Linked(LinkView link, boolean created) {}

  /**
   * Makes the link, or finds the same one made before. Orders of the Shopify customer received
   * before are linked too and leave their entries ({@link CustomerLinked}). 409 when the Shopify
   * customer is linked to another Telegram user.
   */
  @Transactional
  public Linked link(LinkRequest r) {
    if (r == null) {
      throw ProblemException.badRequest("A JSON body with shopId and telegramUserId is required.");
    }
    String email = Payloads.email(r.email());
    String phone = Payloads.phone(r.phone());
    Shop shop = em.find(Shop.class, r.shopId());
    if (shop == null) {
      throw ProblemException.notFound("No shop with id " + r.shopId() + ".");
    }
    Optional<Linked> repeat =
        r.shopifyCustomerId() != null
            ? repeatOfCustomer(shop, r)
            : repeatOfContact(shop, r, email, phone);
    if (repeat.isPresent()) {
      return repeat.get();
    }
    return create(shop, r, email, phone);
  }

  /**
   * The link of the request's Shopify customer made before, if any. 409 when it links another
   * Telegram user.
   */
  private Optional<Linked> repeatOfCustomer(Shop shop, LinkRequest r) {
    var existing =
        em.createQuery(
                "select l from CustomerLink l where l.shopId = :s and l.shopifyCustomerId = :c",
                CustomerLink.class)
            .setParameter("s", r.shopId())
            .setParameter("c", r.shopifyCustomerId())
            .getResultList();
    if (existing.isEmpty()) {
      return Optional.empty();
    }
    CustomerLink held = existing.get(0);
    if (held.telegramUserId() != r.telegramUserId()) {
      throw ProblemException.conflict(
          "Shopify customer "
              + r.shopifyCustomerId()
              + " is already linked to another Telegram user (link "
              + held.id()
              + "); delete that link first.");
    }
    // The same link again: nothing new, but history still unlinked is taken.
    linked.fire(new CustomerLinked(shop, held.telegramUserId(), r.shopifyCustomerId(), null, null));
    return Optional.of(new Linked(LinkView.of(held), false));
  }

  /** The same link by email and phone (no Shopify customer id) made before, if any. */
  private Optional<Linked> repeatOfContact(Shop shop, LinkRequest r, String email, String phone) {
    var same =
        em.createQuery(
                "select l from CustomerLink l where l.shopId = :s and l.telegramUserId = :u"
                    + " and l.shopifyCustomerId is null",
                CustomerLink.class)
            .setParameter("s", r.shopId())
            .setParameter("u", r.telegramUserId())
            .getResultStream()
            .filter(
                l ->
                    java.util.Objects.equals(l.email(), email)
                        && java.util.Objects.equals(l.phone(), phone))
            .findFirst();
    if (same.isEmpty()) {
      return Optional.empty();
    }
    linked.fire(new CustomerLinked(shop, r.telegramUserId(), null, email, phone));
    return Optional.of(new Linked(LinkView.of(same.get()), false));
  }

  private Linked create(Shop shop, LinkRequest r, String email, String phone) {
    CustomerLink link =
        new CustomerLink(
            shop.id(),
            r.telegramUserId(),
            r.shopifyCustomerId(),
            email,
            phone,
            CustomerLink.Source.EXPLICIT,
            clock.instant());
    em.persist(link);
    // Orders that arrived before the link: on the customer's tickets, without notices.
    linked.fire(new CustomerLinked(shop, r.telegramUserId(), r.shopifyCustomerId(), email, phone));
    em.flush();
    return new Linked(LinkView.of(link), true);
  }

  public List<LinkView> list(Long shopId, Long telegramUserId) {
    var q =
        em.createQuery(
            "select l from CustomerLink l where 1 = 1"
                + (shopId == null ? "" : " and l.shopId = :s")
                + (telegramUserId == null ? "" : " and l.telegramUserId = :u")
                + " order by l.id",
            CustomerLink.class);
    if (shopId != null) q.setParameter("s", shopId);
    if (telegramUserId != null) q.setParameter("u", telegramUserId);
    return q.setMaxResults(500).getResultList().stream().map(LinkView::of).toList();
  }

  @Transactional
  public void unlink(long id) {
    CustomerLink link = em.find(CustomerLink.class, id);
    if (link == null) {
      throw ProblemException.notFound("No customer link with id " + id + ".");
    }
    em.remove(link);
  }
}
