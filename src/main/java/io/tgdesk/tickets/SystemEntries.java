package io.tgdesk.tickets;

import io.tgdesk.schema.Columns;
import io.tgdesk.telegram.bots.BotId;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.Optional;

/**
 * Entries that other features record in customers' tickets (an order event from a shop, for
 * example), and their erasure. Every method joins the caller's transaction.
 */
@ApplicationScoped
@Transactional
public class SystemEntries {

  @PersistenceContext EntityManager em;
  @Inject Clock clock;
  @Inject TicketIntake intake;

  /** Where {@link #recordSystemEntry} put an entry: the ticket and the conversation message. */
  public record SystemEntry(TicketId ticketId, long messageId, boolean newTicket) {}

  /**
   * A system entry (for example an order event from a shop) in the private ticket of the bot's
   * customer with this Telegram user id: the customer's active ticket, or, when none is active and
   * {@code openIfNone}, a new one with {@code subject}, placed in the queue {@code queueName}
   * (assigned by its strategy; routed as any new ticket when null or unknown). The customer is
   * created when the user never wrote to the bot (the private chat id is the user id). Empty when
   * there is no active ticket and {@code openIfNone} is false.
   */
  public Optional<SystemEntry> recordSystemEntry(
      BotId botId,
      long telegramUserId,
      String subject,
      String text,
      boolean openIfNone,
      String queueName) {
    Instant now = clock.instant();
    Customer customer =
        intake
            .findCustomer(botId, telegramUserId)
            .orElseGet(
                () ->
                    intake.upsertCustomer(
                        botId,
                        new InboundMessage.Sender(telegramUserId, null, null, null, null),
                        now));
    Optional<Ticket> active = intake.activeTicketOf(botId, customer);
    if (active.isEmpty() && !openIfNone) {
      return Optional.empty();
    }
    Ticket ticket =
        active.orElseGet(
            () ->
                intake.openInQueue(
                    Ticket.forPrivateChat(
                        botId.value(), customer, telegramUserId, Columns.fit(subject, 256), now),
                    queueName));
    ConversationMessage message =
        ConversationMessage.system(ticket, ticket.chatId(), null, text, now, now);
    em.persist(message);
    em.flush();
    ticket.messageArrived(now);
    return Optional.of(new SystemEntry(ticket.id(), message.id(), active.isEmpty()));
  }

  /**
   * Deletes system entries by id (those of other authors are left alone): for erasing data a
   * customer asked to be forgotten. The tickets stay.
   *
   * @return how many were deleted
   */
  public int eraseSystemEntries(Collection<Long> messageIds) {
    if (messageIds.isEmpty()) {
      return 0;
    }
    int deleted = 0;
    for (Long id : messageIds) {
      ConversationMessage m = em.find(ConversationMessage.class, id);
      if (m != null && m.author() == Author.SYSTEM) {
        em.remove(m);
        deleted++;
      }
    }
    return deleted;
  }
}
