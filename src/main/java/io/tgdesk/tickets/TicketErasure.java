package io.tgdesk.tickets;

import io.tgdesk.telegram.bots.BotId;
import io.tgdesk.telegram.outbound.Outbox;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Erasure of what tickets hold about people, in steps small enough for one transaction each: a
 * customer forgotten ({@link #forgetCustomer}), a ticket's messages erased a batch at a time
 * ({@link #eraseMessages}), a Telegram user's messages in topic groups ({@link
 * #eraseTopicMessagesOf}), a ticket marked erased ({@link #markErased}). Erased messages keep their
 * rows (author, times, delivery state) so that counts and response times hold; their text, names,
 * media references and edit history go, and so do the parameters of the outbox entries that carried
 * them. Every step is idempotent and joins the caller's transaction.
 */
@ApplicationScoped
public class TicketErasure {

  /** Why the outbox says its entries were erased. */
  static final String OUTBOX_REASON = "ticket content erased";

  @PersistenceContext EntityManager em;
  @Inject Outbox outbox;
  @Inject io.tgdesk.files.FileStore files;
  @Inject Clock clock;
  @Inject jakarta.enterprise.event.Event<FilesErased> filesErased;

  /**
   * What erasing some messages touched: how many, and in which tickets (the host events of those
   * tickets that quote them must go too).
   */
  public record Erased(int messages, Set<Long> ticketIds, Set<Long> messageIds) {
    static final Erased NONE = new Erased(0, Set.of(), Set.of());
  }

  /** The customer, locked, if it exists. */
  @Transactional(Transactional.TxType.MANDATORY)
  public Optional<Customer> lockCustomer(long customerId) {
    return Optional.ofNullable(em.find(Customer.class, customerId, LockModeType.PESSIMISTIC_WRITE));
  }

  /**
   * Forgets a customer: the row keeps no name and no Telegram user id (so that the user's next
   * message makes a new customer with a new ticket); their private tickets are marked erased
   * (closed, subject and chat gone; the content goes by {@link #eraseMessages}); a topic ticket
   * they opened forgets them.
   *
   * @return the customer's private tickets and the topics they opened
   */
  @Transactional(Transactional.TxType.MANDATORY)
  public Forgotten forgetCustomer(Customer customer) {
    Instant now = clock.instant();
    List<TicketId> privateTickets = new ArrayList<>();
    List<TicketId> topics = new ArrayList<>();
    for (Ticket t : ticketsOf(customer.id())) {
      if (t.kind() == TicketKind.PRIVATE) {
        t.markErased(true, now);
        privateTickets.add(t.id());
      } else {
        t.forgetCustomer();
        topics.add(t.id());
      }
    }
    if (customer.erasedAt() == null) {
      customer.erase(now);
    }
    em.flush();
    return new Forgotten(privateTickets, topics);
  }

  /** The tickets a forgotten customer had: their private ones, and the topics they opened. */
  public record Forgotten(List<TicketId> privateTickets, List<TicketId> topics) {}

  /** The tickets of a customer (private ones, and topics they opened), locked, oldest first. */
  @Transactional(Transactional.TxType.MANDATORY)
  public List<Ticket> ticketsOf(long customerId) {
    // Derby refuses FOR UPDATE with ORDER BY: sorted here.
    List<Ticket> found =
        new ArrayList<>(
            em.createQuery("select t from Ticket t where t.customerId = :c", Ticket.class)
                .setParameter("c", customerId)
                .setLockMode(LockModeType.PESSIMISTIC_WRITE)
                .getResultList());
    found.sort(java.util.Comparator.comparingLong(t -> t.id().value()));
    return found;
  }

  /**
   * Erases up to {@code limit} messages of the ticket not erased yet (every author: replies and
   * notes are about the customer too), with their edit history and the outbox entries of replies.
   */
  @Transactional(Transactional.TxType.MANDATORY)
  public Erased eraseMessages(TicketId ticket, boolean forgetChat, int limit) {
    return erase(
        em.createQuery(
                "select m from ConversationMessage m where m.ticketId = :t and m.erasedAt is null"
                    + " order by m.id",
                ConversationMessage.class)
            .setParameter("t", ticket.value())
            .setMaxResults(limit)
            .getResultList(),
        forgetChat);
  }

  /**
   * Erases up to {@code limit} messages that a Telegram user wrote to the bot's topic groups before
   * {@code before} (their private chats go by {@link #eraseMessages}).
   */
  @Transactional(Transactional.TxType.MANDATORY)
  public Erased eraseTopicMessagesOf(BotId bot, long telegramUserId, Instant before, int limit) {
    return erase(
        em.createQuery(
                "select m from ConversationMessage m where m.botId = :bot and m.senderUserId = :u"
                    + " and m.createdAt < :before and m.erasedAt is null order by m.id",
                ConversationMessage.class)
            .setParameter("bot", bot.value())
            .setParameter("u", telegramUserId)
            .setParameter("before", before)
            .setMaxResults(limit)
            .getResultList(),
        false);
  }

  /** Marks the ticket's content erased (subject gone, closed if active); keeps its chat. */
  @Transactional(Transactional.TxType.MANDATORY)
  public void markErased(TicketId ticket) {
    Ticket t = em.find(Ticket.class, ticket.value(), LockModeType.PESSIMISTIC_WRITE);
    if (t != null) {
      t.markErased(false, clock.instant());
    }
  }

  /**
   * Up to {@code limit} closed tickets (of one bot, unless {@code bot} is null) last changed before
   * {@code cutoff} whose content is not erased yet, oldest first: what the retention erases.
   */
  public List<TicketId> closedBefore(Instant cutoff, BotId bot, int limit) {
    var query =
        em.createQuery(
            "select t.id from Ticket t where t.status = io.tgdesk.tickets.TicketStatus.CLOSED"
                + " and t.updatedAt < :cutoff and t.erasedAt is null"
                + (bot == null ? "" : " and t.botId = :bot")
                + " order by t.id",
            Long.class);
    if (bot != null) {
      query.setParameter("bot", bot.value());
    }
    return query.setParameter("cutoff", cutoff).setMaxResults(limit).getResultList().stream()
        .map(TicketId::new)
        .toList();
  }

  /** How many tickets and messages {@link #closedBefore} would erase: {tickets, messages}. */
  public long[] countClosedBefore(Instant cutoff, BotId bot) {
    String closed =
        " t.status = io.tgdesk.tickets.TicketStatus.CLOSED and t.updatedAt < :cutoff"
            + " and t.erasedAt is null"
            + (bot == null ? "" : " and t.botId = :bot");
    var tickets =
        em.createQuery("select count(t) from Ticket t where" + closed, Long.class)
            .setParameter("cutoff", cutoff);
    var messages =
        em.createQuery(
                "select count(m) from ConversationMessage m, Ticket t where m.ticketId = t.id"
                    + " and m.erasedAt is null and"
                    + closed,
                Long.class)
            .setParameter("cutoff", cutoff);
    if (bot != null) {
      tickets.setParameter("bot", bot.value());
      messages.setParameter("bot", bot.value());
    }
    return new long[] {tickets.getSingleResult(), messages.getSingleResult()};
  }

  /**
   * The files of erased replies go with them: their attachment rows, and each file no other reply
   * names (bytes, name and Telegram's file_ids). A send of one that is in flight at that moment
   * fails, its bytes gone.
   */
  private void eraseAttachments(List<Long> messageIds) {
    Set<Long> fileIds =
        new LinkedHashSet<>(
            em.createQuery(
                    "select a.fileId from ReplyAttachment a where a.messageId in :ids", Long.class)
                .setParameter("ids", messageIds)
                .getResultList());
    if (fileIds.isEmpty()) {
      return;
    }
    em.createQuery("delete from ReplyAttachment a where a.messageId in :ids")
        .setParameter("ids", messageIds)
        .executeUpdate();
    for (Long fileId : fileIds) {
      long stillNamed =
          em.createQuery("select count(a) from ReplyAttachment a where a.fileId = :f", Long.class)
              .setParameter("f", fileId)
              .getSingleResult();
      if (stillNamed == 0) {
        files.delete(io.tgdesk.files.FileId.of(fileId));
      }
    }
  }

  private Erased erase(List<ConversationMessage> messages, boolean forgetChat) {
    if (messages.isEmpty()) {
      return Erased.NONE;
    }
    Instant now = clock.instant();
    List<Long> ids = messages.stream().map(ConversationMessage::id).toList();
    em.createQuery("delete from MessageRevision r where r.messageId in :ids")
        .setParameter("ids", ids)
        .executeUpdate();
    eraseAttachments(ids);
    Set<Long> tickets = new LinkedHashSet<>();
    java.util.Map<Long, List<String>> files = new java.util.HashMap<>();
    for (ConversationMessage m : messages) {
      for (String fileId : new String[] {m.fileId(), m.thumbnailFileId()}) {
        if (fileId != null && m.mediaType() != null && !"contact".equals(m.mediaType())) {
          files.computeIfAbsent(m.botId(), b -> new ArrayList<>()).add(fileId);
        }
      }
      m.erase(forgetChat, now);
      tickets.add(m.ticketId());
    }
    List<Long> entries =
        em.createQuery(
                "select d.outboxEntryId from ReplyDelivery d where d.messageId in :ids", Long.class)
            .setParameter("ids", ids)
            .getResultList();
    em.flush();
    outbox.eraseEntries(entries, OUTBOX_REASON);
    files.forEach((bot, ids2) -> filesErased.fire(new FilesErased(bot, ids2)));
    return new Erased(messages.size(), tickets, new LinkedHashSet<>(ids));
  }
}
