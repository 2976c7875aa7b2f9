/**
 * Agents groups: a forum supergroup where a support team answers customers from Telegram. Each
 * private ticket of the group's bots (or of its queue) gets a topic of its own, created exactly
 * once ({@link io.tgdesk.agents.AgentTopics}), and what the customer writes is mirrored into it
 * through the outbox ({@link io.tgdesk.agents.Mirror}), never by direct calls. It keeps both
 * directions of the mirror ({@link io.tgdesk.agents.MirroredMessages}: a customer's message and its
 * copy in the group), the registered groups and the bots that serve them ({@link
 * io.tgdesk.agents.AgentsGroups}, which asks Telegram), and which Telegram users are which TgDesk
 * agents ({@link io.tgdesk.agents.TelegramAgents}).
 *
 * <p>It observes tickets' {@code TicketActivity} and the engine's delivery events in the
 * transactions that raise them, and answers the engine's {@code TopicDirectory} seam (a deleted
 * topic is recreated under its name). Depends on tickets (and tickets.replies for the status prefix
 * of topic names), telegram.outbound, telegram.bots, telegram.botapi, web, config. Nothing depends
 * on it but admin, customers (a customer's erasure deletes their topics: {@link
 * io.tgdesk.agents.AgentTopicErasure}) and diagnostics; telegram.inbound reaches it only through
 * CDI events. Never put customer-side ticket rules here: tickets own them.
 */
package io.tgdesk.agents;
