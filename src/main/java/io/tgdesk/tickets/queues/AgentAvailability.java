package io.tgdesk.tickets.queues;

import io.tgdesk.web.Problem;
import io.tgdesk.web.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Agents' availability (online or away; an agent never seen is away) and how many active tickets
 * each holds: what queues that assign automatically choose from.
 */
@ApplicationScoped
public class AgentAvailability {

  static final Set<String> AVAILABILITIES = Set.of("online", "away");

  @PersistenceContext EntityManager em;
  @Inject Clock clock;

  /** An agent's availability and how many active tickets they hold. */
  public record AgentView(
      String userName, String availability, long activeTickets, Instant updatedAt) {}

  /** Sets an agent's availability: online or away. */
  @Transactional
  public AgentView setAvailability(String userName, String availability) {
    if (availability == null || !AVAILABILITIES.contains(availability)) {
      throw ProblemException.invalid(
          List.of(new Problem.FieldError("availability", "must be online or away")));
    }
    if (userName.length() > 200) {
      // The name is the key of the agent's presence: it cannot be shortened without merging two.
      throw ProblemException.badRequest(
          "User names longer than 200 characters cannot set an availability.");
    }
    AgentPresence p = em.find(AgentPresence.class, userName);
    Instant now = clock.instant();
    if (p == null) {
      p = new AgentPresence(userName, availability, now);
      em.persist(p);
    } else {
      p.set(availability, now);
    }
    return new AgentView(
        userName, availability, activeTickets(List.of(userName)).getOrDefault(userName, 0L), now);
  }

  /** Every agent known by availability or by holding tickets, by name. */
  public List<AgentView> agents() {
    Map<String, AgentPresence> presence =
        em
            .createQuery("select p from AgentPresence p", AgentPresence.class)
            .getResultList()
            .stream()
            .collect(Collectors.toMap(AgentPresence::userName, p -> p));
    Map<String, Long> load = new HashMap<>();
    for (Object[] row :
        em.createQuery(
                "select t.assignee, count(t) from Ticket t where t.assignee is not null and t.status"
                    + " in (io.tgdesk.tickets.TicketStatus.OPEN, io.tgdesk.tickets.TicketStatus.PENDING)"
                    + " group by t.assignee",
                Object[].class)
            .getResultList()) {
      load.put((String) row[0], (Long) row[1]);
    }
    Set<String> names = new TreeSet<>(presence.keySet());
    names.addAll(load.keySet());
    List<AgentView> out = new ArrayList<>();
    for (String n : names) {
      AgentPresence p = presence.get(n);
      out.add(
          new AgentView(
              n,
              p == null ? "away" : p.availability(),
              load.getOrDefault(n, 0L),
              p == null ? null : p.updatedAt()));
    }
    return out;
  }

  /** The members who are online, in the members' order. */
  List<String> online(List<String> members) {
    if (members.isEmpty()) {
      return List.of();
    }
    Set<String> on =
        em
            .createQuery(
                "select p.userName from AgentPresence p where p.userName in :names"
                    + " and p.availability = 'online'",
                String.class)
            .setParameter("names", members)
            .getResultList()
            .stream()
            .collect(Collectors.toSet());
    return members.stream().filter(on::contains).toList();
  }

  /** How many active (open or pending) tickets each of the agents holds; absent: none. */
  Map<String, Long> activeTickets(List<String> agents) {
    Map<String, Long> load = new HashMap<>();
    for (Object[] row :
        em.createQuery(
                "select t.assignee, count(t) from Ticket t where t.assignee in :agents and t.status"
                    + " in (io.tgdesk.tickets.TicketStatus.OPEN, io.tgdesk.tickets.TicketStatus.PENDING)"
                    + " group by t.assignee",
                Object[].class)
            .setParameter("agents", agents)
            .getResultList()) {
      load.put((String) row[0], (Long) row[1]);
    }
    return load;
  }
}
