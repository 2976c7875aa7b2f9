package io.tgdesk.tickets.replies;

import io.tgdesk.telegram.outbound.outbox.DeliveryStateChanged;
import io.tgdesk.telegram.outbound.outbox.OutboxState;
import io.tgdesk.tickets.ConversationMessage;
import io.tgdesk.tickets.TicketEvents;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.util.Locale;

/**
 * Follows the delivery engine's events for agent replies and writes where each reply stands onto
 * its message: sent (with Telegram's message id), failed / uncertain / dead (with the reason) or
 * cancelled. Runs synchronously in the transaction that changed the outbox entry, acting by primary
 * key only (a scan there could deadlock with intake on Derby).
 */
@ApplicationScoped
public class ReplyTracking {

  @PersistenceContext EntityManager em;
  @Inject TicketEvents events;

  void onDelivery(@Observes DeliveryStateChanged event) {
    if (event.followUpDue()
        || !Replies.CATEGORIES.contains(event.category())
        || !settles(event.to())) {
      // followUpDue: the answer was recorded without this; it comes again when retried.
      return;
    }
    ReplyDelivery delivery = em.find(ReplyDelivery.class, event.entryId());
    if (delivery == null) {
      return;
    }
    ConversationMessage message = em.find(ConversationMessage.class, delivery.messageId());
    if (message == null) {
      return;
    }
    Long telegramMessageId = event.to() == OutboxState.SENT ? event.telegramMessageId() : null;
    boolean was = message.deliveryAction() == ConversationMessage.DeliveryAction.SEND;
    String before = message.deliveryState();
    message.delivered(
        event.entryId(),
        event.to().name().toLowerCase(Locale.ROOT),
        telegramMessageId,
        event.error(),
        event.resentAfterServerFailure(),
        event.at());
    String after = message.deliveryState();
    if (was && after != null && !after.equals(before) && !"pending".equals(after)) {
      events.replyDelivered(message, "sent".equals(after));
    }
  }

  /** The states that end a call (a retry of a failed one starts over as PENDING). */
  private static boolean settles(OutboxState state) {
    return state != OutboxState.IN_FLIGHT;
  }
}
