package io.tgdesk.tickets;

import io.tgdesk.config.FloodSettings;
import io.tgdesk.telegram.bots.BotDirectory;
import io.tgdesk.telegram.bots.BotId;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Keeps customers who write faster than their bot's limit (more than {@code maxMessages} within
 * {@code period}: the bot's own, else {@code tgdesk.intake.flood-*}) from turning TgDesk into a
 * burst of its own: their messages are all kept, but automatic messages go to them at most once per
 * period, and none to a blocked customer. Every decision reads the injected clock; the limit is
 * counted over the stored messages, so it holds across restarts. Methods that change a customer
 * join the caller's transaction.
 */
@ApplicationScoped
public class FloodGuard {

  @PersistenceContext EntityManager em;
  @Inject FloodSettings defaults;
  @Inject Clock clock;
  @Inject TicketIntake intake;
  @Inject io.tgdesk.telegram.bots.BusinessConnections businessConnections;
  @Inject BotDirectory bots;

  /** The flood limit of the bot's customers: the bot's own where it has one, else the default. */
  public FloodSettings limitOf(BotId botId) {
    BotDirectory.FloodLimit own = bots.findFloodLimit(botId).orElse(null);
    if (own == null || own.maxMessages() == null && own.periodSeconds() == null) {
      return defaults;
    }
    return new FloodSettings(
        own.maxMessages() == null ? defaults.maxMessages() : own.maxMessages(),
        own.periodSeconds() == null ? defaults.period() : Duration.ofSeconds(own.periodSeconds()));
  }

  /**
   * The customer's message (stored and flushed) joined the ticket at {@code now}: whether it puts
   * them over the limit is decided on the messages they wrote in it within the period.
   */
  @Transactional(Transactional.TxType.MANDATORY)
  void customerWrote(Ticket ticket, Customer customer, Instant now) {
    FloodSettings limit = limitOf(BotId.of(ticket.botId()));
    // The (max + 1)-th latest message of the customer in the ticket, this one included.
    List<Instant> earliest =
        em.createQuery(
                "select m.createdAt from ConversationMessage m where m.ticketId = :ticket"
                    + " and m.author = io.tgdesk.tickets.Author.CUSTOMER"
                    + " and m.senderUserId = :user order by m.id desc",
                Instant.class)
            .setParameter("ticket", ticket.id().value())
            .setParameter("user", customer.telegramUserId())
            .setFirstResult(limit.maxMessages())
            .setMaxResults(1)
            .getResultList();
    boolean overLimit = !earliest.isEmpty() && earliest.get(0).isAfter(now.minus(limit.period()));
    customer.flood().messageArrived(overLimit, limit.maxMessages(), limit.period(), now);
  }

  /**
   * Whether an automatic message (an after-hours reply, a status notice) may go to the ticket's
   * customer now; if so it counts as sent. False for a blocked customer, for a flooding one who got
   * one within the period, and in a business chat whose connection is disabled or does not let the
   * bot reply. True for a ticket without a customer.
   */
  @Transactional(Transactional.TxType.MANDATORY)
  public boolean tryAutomaticMessage(Ticket ticket) {
    if (ticket.businessConnectionId() != null
        && businessConnections
            .whyNoReply(BotId.of(ticket.botId()), ticket.businessConnectionId())
            .isPresent()) {
      return false; // a business chat the bot may not answer gets nothing automatic either
    }
    if (ticket.customerId() == null) {
      return true;
    }
    Customer customer = em.find(Customer.class, ticket.customerId());
    return customer == null || tryAutomaticMessage(customer);
  }

  /**
   * As {@link #tryAutomaticMessage(Ticket)}, for a message to a Telegram user's private chat with
   * the bot (an order notice). True for a user who never wrote to the bot.
   */
  @Transactional(Transactional.TxType.MANDATORY)
  public boolean tryAutomaticMessage(BotId botId, long telegramUserId) {
    return intake.findCustomer(botId, telegramUserId).map(this::tryAutomaticMessage).orElse(true);
  }

  /** The customer's flood as the ticket views show it; null when they do not flood now. */
  public TicketViews.Flood floodOf(Customer customer) {
    if (customer == null) {
      return null;
    }
    FloodWatch flood = customer.flood();
    FloodSettings limit = limitOf(BotId.of(customer.botId()));
    return flood.flooding(clock.instant(), limit.period())
        ? new TicketViews.Flood(flood.since(), flood.messages(), flood.lastAt())
        : null;
  }

  private boolean tryAutomaticMessage(Customer customer) {
    if (customer.blocked()) {
      return false;
    }
    return customer
        .flood()
        .tryAutomaticMessage(clock.instant(), limitOf(BotId.of(customer.botId())).period());
  }
}
