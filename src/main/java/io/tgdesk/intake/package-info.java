/**
 * What the two intakes of stored inbound items share (Telegram updates in {@code telegram.inbound},
 * Shopify deliveries in {@code shopify.intake}): the drain that works through one key's due items
 * in order on an executor, how a failed item is described (without the values a database quotes)
 * and scheduled again (with {@code config.Settings#intakeRetryAt}), and the limits every inbound
 * JSON body is held to ({@link io.tgdesk.intake.JsonLimits}: nesting depth, ids as exact 64-bit
 * numbers). Depends on nothing else of ours (the map allows config, schema and backoff); nothing
 * here knows either intake.
 */
package io.tgdesk.intake;
