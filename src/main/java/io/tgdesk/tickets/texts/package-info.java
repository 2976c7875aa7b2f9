/**
 * The texts TgDesk writes to customers (greeting, status notices, after-hours reply, Shopify order
 * notices, satisfaction-rating prompt and thanks): keys ({@link
 * io.tgdesk.tickets.texts.CustomerText}) with their placeholders, shipped templates per language, a
 * bot's own texts set by admins, the choice by the customer's Telegram language_code with English
 * as the fallback ({@link io.tgdesk.tickets.texts.CustomerTexts}), and the template syntax that
 * canned responses share ({@link io.tgdesk.tickets.texts.Template}).
 *
 * <p>Depends on telegram.bots (ids, deletion), web (problems, constraints), schema (unique keys).
 * Depends on nothing else in tickets, so that tickets, its queues and replies, canned responses and
 * shopify may all use it. Never sends anything: callers enqueue the rendered text.
 */
package io.tgdesk.tickets.texts;
