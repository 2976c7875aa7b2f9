package io.tgdesk.tickets.queues;

import java.util.List;
import java.util.Set;

/**
 * The topics of system entries that another feature records in tickets (Shopify webhook topics, for
 * example), so that queues can say which of them open a new ticket. Implemented by that feature;
 * tickets only ask, so they never depend on it.
 */
public interface EntryTopics {

  /** Every topic a queue may list. */
  Set<String> known();

  /** The topics that open a ticket in a queue that did not choose its own. */
  List<String> openingByDefault();
}
