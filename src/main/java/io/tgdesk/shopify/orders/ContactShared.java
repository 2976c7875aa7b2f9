package io.tgdesk.shopify.orders;

import io.tgdesk.shopify.shops.Shop;
import io.tgdesk.tickets.TicketActivity;
import io.tgdesk.tickets.TicketQueries;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.util.Optional;

/**
 * A customer shared their phone number as a Telegram contact in the private chat with a shop's bot:
 * the shop's orders with that phone received before, not linked to anyone, become the customer's
 * ({@link TimelineBackfill}). The same rule as for later orders applies: the phone must belong to
 * this one user of the bot. Runs in the transaction that records the message.
 */
@ApplicationScoped
public class ContactShared {

  @PersistenceContext EntityManager em;
  @Inject TicketQueries tickets;
  @Inject TimelineBackfill backfill;

  public void onActivity(@Observes TicketActivity activity) {
    if (activity.type() != TicketActivity.Type.MESSAGE_RECEIVED || activity.messageId() == null) {
      return;
    }
    Optional<TicketQueries.SharedContact> contact = tickets.sharedContact(activity.messageId());
    if (contact.isEmpty() || ContactKeys.phone(contact.get().phone()) == null) {
      return;
    }
    TicketQueries.SharedContact c = contact.get();
    if (!tickets
        .findUserByContactPhone(c.botId(), c.phone())
        .equals(Optional.of(c.telegramUserId()))) {
      return; // shared by several users of the bot: whose orders they are is not known
    }
    for (Shop shop :
        em.createQuery("select s from Shop s where s.botId = :b", Shop.class)
            .setParameter("b", c.botId())
            .getResultList()) {
      backfill.linked(shop, c.telegramUserId(), null, null, c.phone());
    }
  }
}
