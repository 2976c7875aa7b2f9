/**
 * What the two intakes of stored inbound items share (Telegram updates in {@code telegram.inbound},
 * Shopify deliveries in {@code shopify.intake}): the drain that works through one key's due items
 * in order on an executor, and how a failed item is described and scheduled again (with {@code
 * config.Settings#intakeRetryAt}). Depends only on {@code config}; nothing here knows either
 * intake.
 */
package io.tgdesk.intake;
