package io.tgdesk.shopify.orders;

import io.tgdesk.tickets.queues.EntryTopics;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Set;

/**
 * Tells queues which Shopify topics leave an entry in a ticket timeline (those a queue may list as
 * opening a new ticket), and which open one unless the queue says otherwise.
 */
@ApplicationScoped
public class ShopifyEntryTopics implements EntryTopics {

  @Override
  public Set<String> known() {
    return ShopifyTopics.NOTICE_TOPICS;
  }

  @Override
  public List<String> openingByDefault() {
    return ShopifyTopics.OPENING_BY_DEFAULT;
  }
}
