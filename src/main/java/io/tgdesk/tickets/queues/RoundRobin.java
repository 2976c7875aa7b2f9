package io.tgdesk.tickets.queues;

import java.util.List;
import java.util.Optional;

/**
 * The round-robin turn of a queue: the next online member after the one served last, in the queue's
 * member order. Pure and thread-safe; the caller holds the queue's row lock while the turn moves
 * on, so that two tickets never get the same turn.
 */
final class RoundRobin {

  private RoundRobin() {}

  /**
   * The member whose turn it is.
   *
   * @param members the queue's members, in their order
   * @param lastAssignee the member served last, or null (or one no longer a member): the turn
   *     starts at the first member
   * @param online the members who take tickets now
   * @return empty when no member is online
   */
  static Optional<String> next(List<String> members, String lastAssignee, List<String> online) {
    if (online.isEmpty()) {
      return Optional.empty();
    }
    int last = lastAssignee == null ? -1 : members.indexOf(lastAssignee);
    for (int i = 1; i <= members.size(); i++) {
      String candidate = members.get(Math.floorMod(last + i, members.size()));
      if (online.contains(candidate)) {
        return Optional.of(candidate);
      }
    }
    // Not reached while online is a subset of members; kept as it always was.
    return Optional.of(online.get(0));
  }
}
