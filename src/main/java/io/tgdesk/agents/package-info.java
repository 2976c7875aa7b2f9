/**
 * Agents groups: a forum supergroup where a support team answers customers from Telegram. Each
 * private ticket of the group's bots (or of its queue) gets a topic of its own, created exactly
 * once ({@link io.tgdesk.agents.AgentTopics}), and what the customer writes is mirrored into it
 * through the outbox ({@link io.tgdesk.agents.Mirror}), never by direct calls. It keeps both
 * directions of the mirror ({@link io.tgdesk.agents.MirroredMessages}: a customer's message and its
 * copy in the group), the registered groups and the bots that serve them ({@link
 * io.tgdesk.agents.AgentsGroups}, which asks Telegram), and which Telegram users are which TgDesk
 * agents ({@link io.tgdesk.agents.TelegramAgents}, mapped by an admin or by the agent with a
 * one-time code: {@link io.tgdesk.agents.TelegramLinks}).
 *
 * <p>The other direction: what members write in a ticket's topic ({@link
 * io.tgdesk.agents.GroupConversation}, which implements the tickets' {@code GroupUpdates} seam that
 * telegram.inbound calls) becomes an agent reply through tickets.replies (the same send path and
 * lane as the REST API), a note, or a command applied through the tickets' lifecycle and assignment
 * ({@link io.tgdesk.agents.TopicActions}); each group message is handled once whichever bot's
 * update comes first ({@link io.tgdesk.agents.GroupMessage}, found both ways through {@link
 * io.tgdesk.agents.GroupMessages}); TgDesk answers in the topic through the outbox ({@link
 * io.tgdesk.agents.TopicAnswers}).
 *
 * <p>It observes tickets' {@code TicketActivity} and the engine's delivery events in the
 * transactions that raise them, and answers the engine's {@code TopicDirectory} seam (a deleted
 * topic is recreated under its name). Depends on tickets (tickets.replies for the status prefix of
 * topic names and for replies, tickets.queues for assignment, tickets.canned), telegram.outbound,
 * telegram.bots, telegram.botapi, web, config. Nothing depends on it but admin, customers (a
 * customer's erasure deletes their topics: {@link io.tgdesk.agents.AgentTopicErasure}) and
 * diagnostics; telegram.inbound reaches it only through CDI (events and the tickets' {@code
 * GroupUpdates}). Never put customer-side ticket rules here: tickets own them.
 */
package io.tgdesk.agents;
