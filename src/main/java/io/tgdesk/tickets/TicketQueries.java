package io.tgdesk.tickets;

import io.tgdesk.telegram.bots.BotId;
import io.tgdesk.telegram.outbound.ChatReachability;
import io.tgdesk.web.Page;
import io.tgdesk.web.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.TypedQuery;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Reads tickets for agents and admins. Read-only; no transaction. */
@ApplicationScoped
public class TicketQueries {

  @PersistenceContext EntityManager em;
  @Inject ChatReachability reachability;

  public Page<TicketViews.Summary> list(TicketStatus status, Long botId, int page, int size) {
    StringBuilder where = new StringBuilder(" where 1 = 1");
    if (status != null) where.append(" and t.status = :status");
    if (botId != null) where.append(" and t.botId = :bot");
    TypedQuery<Ticket> q =
        em.createQuery(
            "select t from Ticket t" + where + " order by t.updatedAt desc, t.id desc",
            Ticket.class);
    TypedQuery<Long> count = em.createQuery("select count(t) from Ticket t" + where, Long.class);
    if (status != null) {
      q.setParameter("status", status);
      count.setParameter("status", status);
    }
    if (botId != null) {
      q.setParameter("bot", botId);
      count.setParameter("bot", botId);
    }
    List<Ticket> tickets = q.setFirstResult(page * size).setMaxResults(size).getResultList();
    Map<Long, Customer> customers =
        customersOf(
            tickets.stream().map(Ticket::customerId).filter(java.util.Objects::nonNull).toList());
    List<TicketViews.Summary> items =
        tickets.stream()
            .map(
                t ->
                    new TicketViews.Summary(
                        t.id().value(),
                        t.botId(),
                        t.kind().name().toLowerCase(),
                        t.status().wireName(),
                        t.subject(),
                        t.chatId(),
                        t.threadId(),
                        TicketViews.CustomerView.of(customers.get(t.customerId())),
                        t.createdAt(),
                        t.updatedAt(),
                        t.lastMessageAt()))
            .toList();
    return new Page<>(items, page, size, count.getSingleResult());
  }

  public TicketViews.Detail get(TicketId id) {
    Ticket t = em.find(Ticket.class, id.value());
    if (t == null) {
      throw ProblemException.notFound("No ticket with id " + id + ".");
    }
    Customer customer = t.customerId() == null ? null : em.find(Customer.class, t.customerId());
    List<ConversationMessage> messages =
        em.createQuery(
                "select m from ConversationMessage m where m.ticketId = :t order by m.id",
                ConversationMessage.class)
            .setParameter("t", id.value())
            .getResultList();
    Map<Long, List<MessageRevision>> revisions =
        messages.isEmpty()
            ? Map.of()
            : em
                .createQuery(
                    "select r from MessageRevision r where r.messageId in :ids order by r.replacedAt",
                    MessageRevision.class)
                .setParameter("ids", messages.stream().map(ConversationMessage::id).toList())
                .getResultList()
                .stream()
                .collect(Collectors.groupingBy(MessageRevision::messageId));
    List<TicketViews.MessageView> views =
        messages.stream()
            .map(
                m ->
                    new TicketViews.MessageView(
                        m.id(),
                        m.author().name().toLowerCase(),
                        m.telegramMessageId(),
                        m.senderUserId(),
                        m.senderName(),
                        m.text(),
                        m.mediaType() == null
                            ? null
                            : new TicketViews.MediaView(
                                m.mediaType(),
                                m.fileId(),
                                m.fileUniqueId(),
                                m.fileName(),
                                m.mimeType(),
                                m.fileSize()),
                        m.replyToMessageId(),
                        m.telegramDate(),
                        m.editedAt(),
                        revisions.getOrDefault(m.id(), List.of()).stream()
                            .map(
                                r -> new TicketViews.RevisionView(r.previousText(), r.replacedAt()))
                            .toList()))
            .toList();
    return new TicketViews.Detail(
        t.id().value(),
        t.botId(),
        t.kind().name().toLowerCase(),
        t.status().wireName(),
        t.subject(),
        t.chatId(),
        t.threadId(),
        t.topicGroupId(),
        TicketViews.CustomerView.of(customer),
        t.createdAt(),
        t.updatedAt(),
        t.lastMessageAt(),
        reachability
            .find(BotId.of(t.botId()), t.chatId())
            .map(c -> new TicketViews.Reachability(false, c.unreachableReason(), c.unreachableAt()))
            .orElse(new TicketViews.Reachability(true, null, null)),
        views);
  }

  private Map<Long, Customer> customersOf(List<Long> ids) {
    if (ids.isEmpty()) {
      return Map.of();
    }
    return em
        .createQuery("select c from Customer c where c.id in :ids", Customer.class)
        .setParameter("ids", ids.stream().distinct().toList())
        .getResultList()
        .stream()
        .collect(Collectors.toMap(Customer::id, Function.identity()));
  }
}
