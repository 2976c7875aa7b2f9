package io.tgdesk.tickets;

import io.tgdesk.schema.PageRows;
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
  @Inject FloodGuard floods;

  public Page<TicketViews.Summary> list(TicketFilter filter, int page, int size) {
    Map<String, Object> params = new java.util.HashMap<>();
    String where = where(filter, params);
    TypedQuery<Ticket> q =
        em.createQuery(
            "select t from Ticket t" + where + " order by t.updatedAt desc, t.id desc",
            Ticket.class);
    TypedQuery<Long> count = em.createQuery("select count(t) from Ticket t" + where, Long.class);
    params.forEach(
        (k, v) -> {
          q.setParameter(k, v);
          count.setParameter(k, v);
        });
    List<Ticket> tickets = PageRows.of(q, page, size, Ticket::id);
    Map<Long, Customer> customers =
        customersOf(
            tickets.stream().map(Ticket::customerId).filter(java.util.Objects::nonNull).toList());
    List<TicketViews.Summary> items =
        tickets.stream().map(t -> summary(t, customers.get(t.customerId()))).toList();
    return new Page<>(items, page, size, count.getSingleResult());
  }

  /** The JPQL where clause of the filter over tickets {@code t}; puts its parameters in params. */
  private static String where(TicketFilter filter, Map<String, Object> params) {
    StringBuilder where = new StringBuilder(" where 1 = 1");
    if (filter.statuses() != null && !filter.statuses().isEmpty()) {
      where.append(" and t.status in :statuses");
      params.put("statuses", List.copyOf(filter.statuses()));
    }
    if (filter.queue() != null) {
      where.append(" and t.queue = :queue");
      params.put("queue", filter.queue());
    }
    if (filter.unassigned()) {
      where.append(" and t.assignee is null");
    } else if (filter.assignee() != null) {
      where.append(" and t.assignee = :assignee");
      params.put("assignee", filter.assignee());
    }
    if (filter.botId() != null) {
      where.append(" and t.botId = :bot");
      params.put("bot", filter.botId());
    }
    if (filter.customerId() != null) {
      where.append(" and t.customerId = :customer");
      params.put("customer", filter.customerId());
    }
    if (filter.updatedSince() != null) {
      where.append(" and t.updatedAt >= :since");
      params.put("since", filter.updatedSince());
    }
    if (filter.text() != null) {
      where.append(
          " and (lower(t.subject) like :text escape '\\' or exists (select m.id from ConversationMessage m"
              + " where m.ticketId = t.id and lower(m.text) like :text escape '\\'))");
      params.put("text", "%" + likeEscaped(filter.text().toLowerCase(java.util.Locale.ROOT)) + "%");
    }
    return where.toString();
  }

  private TicketViews.Summary summary(Ticket t, Customer customer) {
    TicketViews.Flood flood = floods.floodOf(customer);
    return new TicketViews.Summary(
        t.id().value(),
        t.botId(),
        t.kind().name().toLowerCase(),
        t.status().wireName(),
        t.subject(),
        t.chatId(),
        t.threadId(),
        TicketViews.CustomerView.of(customer),
        t.createdAt(),
        t.updatedAt(),
        t.lastMessageAt(),
        t.queue(),
        t.assignee(),
        flood != null,
        flood);
  }

  /**
   * The Telegram user of the bot who shared a contact with this phone number in a private chat, if
   * exactly one did. Phone numbers are compared by their digits, with or without a leading +.
   */
  public java.util.Optional<Long> findUserByContactPhone(long botId, String phone) {
    String digits = phone == null ? "" : phone.replaceAll("[^0-9]", "");
    if (digits.length() < 6) {
      return java.util.Optional.empty();
    }
    List<Long> users =
        em.createQuery(
                "select distinct m.senderUserId from ConversationMessage m where m.botId = :bot"
                    + " and m.mediaType = 'contact' and m.fileName in :phones"
                    + " and m.senderUserId is not null",
                Long.class)
            .setParameter("bot", botId)
            .setParameter("phones", List.of(digits, "+" + digits))
            .getResultList();
    return users.size() == 1 ? java.util.Optional.of(users.get(0)) : java.util.Optional.empty();
  }

  /** A phone number a customer shared as a contact in a private chat with a bot. */
  public record SharedContact(long botId, long telegramUserId, String phone) {}

  /**
   * The shared contact this message is, if it is one: a contact with a phone number sent by a user
   * in a private chat (the chat id is the user's id).
   */
  public java.util.Optional<SharedContact> sharedContact(long messageId) {
    ConversationMessage m = em.find(ConversationMessage.class, messageId);
    if (m == null
        || !"contact".equals(m.mediaType())
        || m.fileName() == null
        || m.senderUserId() == null
        || m.chatId() != m.senderUserId()) {
      return java.util.Optional.empty();
    }
    return java.util.Optional.of(new SharedContact(m.botId(), m.senderUserId(), m.fileName()));
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
    Map<Long, List<MessageRevision>> revisions = revisionsOf(messages);
    Map<Long, List<TicketViews.AttachmentView>> attachments = attachmentsOf(messages);
    List<TicketViews.MessageView> views =
        messages.stream()
            .map(
                m ->
                    view(
                        m,
                        revisions.getOrDefault(m.id(), List.of()),
                        attachments.getOrDefault(m.id(), List.of())))
            .toList();
    TicketViews.Flood flood = floods.floodOf(customer);
    return new TicketViews.Detail(
        t.id().value(),
        t.botId(),
        t.kind().name().toLowerCase(),
        t.status().wireName(),
        t.subject(),
        t.chatId(),
        t.threadId(),
        t.topicGroupId(),
        t.businessConnectionId(),
        TicketViews.CustomerView.of(customer),
        t.createdAt(),
        t.updatedAt(),
        t.lastMessageAt(),
        t.queue(),
        t.assignee(),
        flood != null,
        flood,
        reachability
            .find(BotId.of(t.botId()), t.chatId())
            .map(c -> new TicketViews.Reachability(false, c.unreachableReason(), c.unreachableAt()))
            .orElse(new TicketViews.Reachability(true, null, null)),
        TicketViews.RatingView.of(t),
        views);
  }

  /** LIKE treats % and _ as wildcards; a search for them means the characters. */
  private static String likeEscaped(String text) {
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
  }

  /** One message of a ticket. */
  public TicketViews.MessageView message(TicketId ticketId, long messageId) {
    ConversationMessage m = em.find(ConversationMessage.class, messageId);
    if (m == null || m.ticketId() != ticketId.value()) {
      throw ProblemException.notFound("Ticket " + ticketId + " has no message " + messageId + ".");
    }
    return view(
        m,
        revisionsOf(List.of(m)).getOrDefault(m.id(), List.of()),
        attachmentsOf(List.of(m)).getOrDefault(m.id(), List.of()));
  }

  /** The files of agent replies, in their order, by message id. */
  private Map<Long, List<TicketViews.AttachmentView>> attachmentsOf(
      List<ConversationMessage> messages) {
    List<Long> replies =
        messages.stream()
            .filter(m -> m.author() == Author.AGENT && !m.internal())
            .map(ConversationMessage::id)
            .toList();
    if (replies.isEmpty()) {
      return Map.of();
    }
    Map<Long, List<TicketViews.AttachmentView>> out = new java.util.HashMap<>();
    em.createQuery(
            "select a, f from ReplyAttachment a, StoredFile f where f.id = a.fileId"
                + " and a.messageId in :ids order by a.messageId, a.position",
            Object[].class)
        .setParameter("ids", replies)
        .getResultList()
        .forEach(
            row -> {
              var a = (io.tgdesk.tickets.replies.ReplyAttachment) row[0];
              var f = (io.tgdesk.files.StoredFile) row[1];
              out.computeIfAbsent(a.messageId(), k -> new java.util.ArrayList<>())
                  .add(
                      new TicketViews.AttachmentView(
                          f.id().value(),
                          a.kind(),
                          f.fileName(),
                          f.contentType(),
                          f.sizeBytes(),
                          f.sentAt() != null,
                          f.hasBytes()));
            });
    return out;
  }

  private Map<Long, List<MessageRevision>> revisionsOf(List<ConversationMessage> messages) {
    return messages.isEmpty()
        ? Map.of()
        : em
            .createQuery(
                "select r from MessageRevision r where r.messageId in :ids order by r.replacedAt",
                MessageRevision.class)
            .setParameter("ids", messages.stream().map(ConversationMessage::id).toList())
            .getResultList()
            .stream()
            .collect(Collectors.groupingBy(MessageRevision::messageId));
  }

  private static TicketViews.MessageView view(
      ConversationMessage m,
      List<MessageRevision> revisions,
      List<TicketViews.AttachmentView> attachments) {
    return new TicketViews.MessageView(
        m.id(),
        m.author().name().toLowerCase(),
        m.telegramMessageId(),
        m.senderUserId(),
        m.senderName(),
        m.text(),
        TicketViews.MediaView.of(m),
        m.replyToMessageId(),
        m.telegramDate(),
        m.editedAt(),
        revisions.stream()
            .map(r -> new TicketViews.RevisionView(r.previousText(), r.replacedAt()))
            .toList(),
        m.internal(),
        m.parseMode(),
        TicketViews.DeliveryView.of(m),
        m.deletedAt(),
        attachments,
        m.buttons() == null
            ? null
            : io.tgdesk.tickets.replies.InlineButtons.fromJson(m.buttons()).stream()
                .map(
                    row ->
                        row.stream()
                            .map(b -> new TicketViews.ButtonView(b.label(), b.value()))
                            .toList())
                .toList(),
        m.buttonValue() == null
            ? null
            : new TicketViews.ButtonView(m.buttonLabel(), m.buttonValue()));
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
