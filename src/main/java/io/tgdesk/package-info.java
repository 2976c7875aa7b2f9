/**
 * TgDesk: a Telegram channel for helpdesks on Jakarta EE.
 *
 * <p>The map of the features, top to bottom. Each feature (a package with its sub-packages) may use
 * the features its line names and the base below; dependencies point down only, and no packages
 * depend on each other in a cycle (but tickets, tickets.queues and tickets.replies, one unit: see
 * tickets/package-info.java). {@code io.tgdesk.ArchitectureTest} holds the code to this map, rule
 * for rule: change both together.
 *
 * <pre>
 *   feature            what it does                                may use (and the base)
 *   admin              role-secured admin resources                everything; nothing uses it
 *   customers          a customer's data as a whole: export,       every feature but admin
 *                      erasure in batches (recorded, announced
 *                      as customer.erased), retention of closed
 *                      tickets' content; blocking and unblocking
 *                      (the customer, its block and its flood
 *                      state live in tickets)
 *   diagnostics        call audit, rates, 429 clusters, cause      every feature but admin and
 *                      report, metrics, health; read-only (but     customers
 *                      the erasure of a chat's audited calls)
 *   agents             agents groups: each private ticket a        tickets, telegram.outbound,
 *                      topic of a forum supergroup of agents,      telegram.bots
 *                      customers' messages mirrored into it
 *                      through the outbox; Telegram users as
 *                      agents
 *     |
 *   routing            bot pools, routing rules: which bot a send  tickets, telegram.outbound,
 *                      goes through (above the engine)             telegram.bots
 *   hostevents         host events: what TgDesk POSTs to the host  tickets
 *                      platform; observes tickets'
 *                      TicketActivity and CustomerActivity,
 *                      signed, durable
 *     |
 *   telegram.inbound   webhook + long polling -> durable update    tickets, telegram.outbound,
 *                      store -> processor -> tickets               cluster, telegram.bots
 *   shopify            signed webhooks -> durable webhook          tickets, telegram.outbound,
 *                      store -> processor -> tickets + outbox      telegram.bots
 *                      notices
 *                      (shops < intake < customers < orders <
 *                      privacy < shopify)
 *     |
 *   tickets            customers (their block and flood),          telegram.outbound,
 *                      tickets, conversation, topic groups,        telegram.bots
 *                      intake, lifecycle; sub-packages:
 *                      replies and notices, queues and assignment,
 *                      topics, canned responses, customers' files,
 *                      texts to customers per language, the
 *                      greeting
 *   telegram.outbound  the delivery engine: outbox, loops,         cluster, telegram.bots
 *                      throttle, retry
 *   cluster            heartbeats and one lease per bot: which     telegram.bots
 *                      server acts for which bot
 *   telegram.bots      registered bots, their tokens, secrets,     the base only
 *                      webhook registration
 *     |
 *   the base: every feature may use it
 *   telegram.botapi    Bot API wire records and the HTTP client    nothing of ours
 *   files              agents' files kept in the database until    config, web, schema
 *                      Telegram has them, Telegram's file_ids per
 *                      bot, Telegram's size and caption limits,
 *                      bounded storage and its clean-up
 *   intake             what both inbound processors share: the     config, schema, backoff
 *                      stored item's lifecycle, the ordered drain
 *                      of due items and its failure policy, JSON
 *                      limits
 *   egress             the destinations admin-set URLs may have    config
 *   web                JAX-RS application, problem+json, request   config, schema
 *                      filters, webhook secrets
 *   config             typed settings, the Clock                   backoff
 *   schema             migrations at start-up (Liquibase),         nothing of ours
 *                      SchemaReady, column lengths, unique keys,
 *                      lost concurrent changes, the recurring
 *                      jobs that start on it
 *   backoff            how long to wait before trying again        nothing of ours
 * </pre>
 *
 * <p>Transactions start at use-case methods (services annotated {@code @Transactional}); resources
 * never open them. Work that must not hold up a request (update processing, polling) runs on
 * Liberty's managed executors.
 */
package io.tgdesk;
