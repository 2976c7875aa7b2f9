package io.tgdesk.shopify.orders;

import io.tgdesk.tickets.TicketId;
import io.tgdesk.tickets.TicketQueries;
import io.tgdesk.tickets.TicketViews;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.util.List;

/** The orders agents see on a ticket. */
@ApplicationScoped
public class TicketOrders {

  private static final int RECENT_ORDERS = 20;

  @PersistenceContext EntityManager em;
  @Inject TicketQueries tickets;

  /** The latest orders of the ticket's customer, from every shop of the ticket's bot. */
  public List<OrderView> ordersOfTicket(TicketId id) {
    TicketViews.Detail ticket = tickets.get(id);
    if (ticket.customer() == null) {
      return List.of();
    }
    return em
        .createQuery(
            "select o from ShopifyOrder o, Shop s where o.shopId = s.id and s.botId = :b"
                + " and o.telegramUserId = :u order by o.updatedAt desc, o.id desc",
            ShopifyOrder.class)
        .setParameter("b", ticket.botId())
        .setParameter("u", ticket.customer().telegramUserId())
        .setMaxResults(RECENT_ORDERS)
        .getResultList()
        .stream()
        .map(OrderView::of)
        .toList();
  }
}
