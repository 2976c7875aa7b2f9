package io.tgdesk.shopify.customers;

import io.tgdesk.shopify.intake.Payloads;
import io.tgdesk.shopify.shops.Shop;
import io.tgdesk.web.Problem;
import io.tgdesk.web.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

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
  public record LinkRequest(
      Long shopId, Long telegramUserId, Long shopifyCustomerId, String email, String phone) {}

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
    List<Problem.FieldError> errors = new ArrayList<>();
    if (r.shopId() == null) errors.add(new Problem.FieldError("shopId", "is required"));
    if (r.telegramUserId() == null || r.telegramUserId() <= 0)
      errors.add(new Problem.FieldError("telegramUserId", "is required (a Telegram user id)"));
    String email = Payloads.email(r.email());
    String phone = Payloads.phone(r.phone());
    if (r.email() != null && (email == null || !email.contains("@")))
      errors.add(new Problem.FieldError("email", "is not an email address"));
    else if (email != null && email.length() > 320)
      errors.add(new Problem.FieldError("email", "is longer than 320 characters"));
    if (r.phone() != null && phone == null)
      errors.add(new Problem.FieldError("phone", "must have at least 6 digits"));
    else if (phone != null && phone.length() > 40)
      errors.add(new Problem.FieldError("phone", "has more than 39 digits"));
    if (r.shopifyCustomerId() == null && r.email() == null && r.phone() == null)
      errors.add(new Problem.FieldError("shopifyCustomerId", "or email or phone is required"));
    if (!errors.isEmpty()) {
      throw ProblemException.invalid(errors);
    }
    Shop shop = em.find(Shop.class, r.shopId());
    if (shop == null) {
      throw ProblemException.notFound("No shop with id " + r.shopId() + ".");
    }
    if (r.shopifyCustomerId() != null) {
      var existing =
          em.createQuery(
                  "select l from CustomerLink l where l.shopId = :s and l.shopifyCustomerId = :c",
                  CustomerLink.class)
              .setParameter("s", r.shopId())
              .setParameter("c", r.shopifyCustomerId())
              .getResultList();
      if (!existing.isEmpty()) {
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
        linked.fire(
            new CustomerLinked(shop, held.telegramUserId(), r.shopifyCustomerId(), null, null));
        return new Linked(LinkView.of(held), false);
      }
    } else {
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
      if (same.isPresent()) {
        linked.fire(new CustomerLinked(shop, r.telegramUserId(), null, email, phone));
        return new Linked(LinkView.of(same.get()), false);
      }
    }
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
