package io.tgdesk.hostevents;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;

/**
 * The queued host events about tickets whose content is erased (a customer's erasure, the
 * retention): read for an export, and forgotten, since their bodies quote names and messages. An
 * event still pending goes too; the host then hears {@code customer.erased} instead. Reads run
 * without a transaction; the deletions join the caller's.
 */
@ApplicationScoped
public class HostEventErasure {

  /** Tickets per query: keeps the IN lists short on every database. */
  static final int CHUNK = 500;

  @PersistenceContext EntityManager em;

  /**
   * The events of these tickets and those about the customer (blocked, unblocked), oldest first,
   * with their bodies.
   */
  public List<HostEventView> ofCustomer(long customerId, Collection<Long> ticketIds) {
    List<HostEventView> out = new ArrayList<>(ofTickets(ticketIds));
    em.createQuery(
            "select e from HostEvent e where e.customerId = :c order by e.id", HostEvent.class)
        .setParameter("c", customerId)
        .getResultList()
        .forEach(e -> out.add(HostEventView.of(e)));
    out.sort(java.util.Comparator.comparing(HostEventView::id));
    return out;
  }

  /** The events of these tickets, oldest first, with their bodies. */
  public List<HostEventView> ofTickets(Collection<Long> ticketIds) {
    List<HostEventView> out = new ArrayList<>();
    for (List<Long> chunk : chunks(ticketIds)) {
      em.createQuery(
              "select e from HostEvent e where e.ticketId in :t order by e.id", HostEvent.class)
          .setParameter("t", chunk)
          .getResultList()
          .forEach(e -> out.add(HostEventView.of(e)));
    }
    return out;
  }

  /**
   * Deletes the events about the customer themselves (blocked, unblocked: they quote the name).
   *
   * @return how many went
   */
  @Transactional(Transactional.TxType.MANDATORY)
  public int forgetCustomer(long customerId) {
    return em.createQuery("delete from HostEvent e where e.customerId = :c")
        .setParameter("c", customerId)
        .executeUpdate();
  }

  /**
   * Deletes every event of these tickets.
   *
   * @return how many went
   */
  @Transactional(Transactional.TxType.MANDATORY)
  public int forgetTickets(Collection<Long> ticketIds) {
    int deleted = 0;
    for (List<Long> chunk : chunks(ticketIds)) {
      deleted +=
          em.createQuery("delete from HostEvent e where e.ticketId in :t")
              .setParameter("t", chunk)
              .executeUpdate();
    }
    return deleted;
  }

  /**
   * Deletes the events of these tickets that carry one of these messages or name this customer as
   * the ticket's (a topic keeps the events of other people's messages).
   *
   * @return how many went
   */
  @Transactional(Transactional.TxType.MANDATORY)
  public int forgetMessages(Collection<Long> ticketIds, Set<Long> messageIds, long customerId) {
    int deleted = 0;
    for (List<Long> chunk : chunks(ticketIds)) {
      for (HostEvent e :
          em.createQuery("select e from HostEvent e where e.ticketId in :t", HostEvent.class)
              .setParameter("t", chunk)
              .getResultList()) {
        if (carriesOneOf(e.payload(), messageIds, customerId)) {
          em.remove(e);
          deleted++;
        }
      }
    }
    return deleted;
  }

  /** Whether an event's body carries one of the messages, or names the customer as the ticket's. */
  static boolean carriesOneOf(String payload, Set<Long> messageIds, long customerId) {
    try (var reader = Json.createReader(new StringReader(payload))) {
      JsonObject body = reader.readObject();
      Long message = idIn(body, "message");
      JsonValue ticket = body.get("ticket");
      Long customer =
          ticket != null && ticket.getValueType() == JsonValue.ValueType.OBJECT
              ? idIn(ticket.asJsonObject(), "customer")
              : null;
      return (message != null && messageIds.contains(message))
          || (customer != null && customer == customerId);
    }
  }

  private static Long idIn(JsonObject body, String part) {
    JsonValue v = body.get(part);
    if (v == null || v.getValueType() != JsonValue.ValueType.OBJECT) {
      return null;
    }
    JsonObject o = v.asJsonObject();
    return o.containsKey("id") && o.get("id").getValueType() == JsonValue.ValueType.NUMBER
        ? o.getJsonNumber("id").longValue()
        : null;
  }

  private static List<List<Long>> chunks(Collection<Long> ids) {
    List<Long> all = List.copyOf(ids);
    List<List<Long>> out = new ArrayList<>();
    for (int from = 0; from < all.size(); from += CHUNK) {
      out.add(all.subList(from, Math.min(all.size(), from + CHUNK)));
    }
    return out;
  }
}
