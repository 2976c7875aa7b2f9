/**
 * TgDesk: a Telegram channel for helpdesks on Jakarta EE.
 *
 * <p>The map of the features, with dependencies pointing down only:
 *
 * <pre>
 *   admin            role-secured admin resources; nothing depends on admin
 *   diagnostics      call audit, rates, 429 clusters, cause report, metrics, health; read-only
 *     |
 *   routing          bot pools, routing rules: which bot a send goes through (above the engine)
 *   events           host-platform events: observes tickets' TicketActivity, signed, durable
 *     |
 *   telegram.inbound webhook + long polling -> durable update store -> processor -> tickets
 *   shopify          signed webhooks -> durable webhook store -> processor -> tickets + outbox notices
 *                    (shops < intake < customers < orders < privacy < shopify)
 *     |
 *   tickets          customers, tickets, conversation, topic groups, replies, queues,
 *                    assignment, business hours, canned responses
 *   telegram.outbound the delivery engine: outbox, dispatcher, throttle, retry
 *   cluster          heartbeats and one lease per bot: which server acts for which bot
 *   telegram.bots    registered bots, their tokens, secrets, webhook registration
 *     |
 *   telegram.botapi  Bot API wire records and the HTTP client; depends on nothing of ours
 *   intake           what both inbound processors share: the stored item's lifecycle, the
 *                    ordered drain of due items and its failure policy
 *   schema           versioned migrations run at start-up (Liquibase), then the SchemaReady event
 *   egress           which destinations admins may point TgDesk at (no internal ones in production)
 *   config, web      typed settings, the Clock; JAX-RS application, problem+json mappers
 * </pre>
 *
 * <p>Transactions start at use-case methods (services annotated {@code @Transactional}); resources
 * never open them. Work that must not hold up a request (update processing, polling) runs on
 * Liberty's managed executors.
 */
package io.tgdesk;
