/**
 * What the two intakes of stored inbound items share (Telegram updates in {@code telegram.inbound},
 * Shopify webhooks in {@code shopify.intake}): one lifecycle of a stored item ({@link
 * io.tgdesk.intake.IntakeLifecycle}, embedded in both entities, with its {@link
 * io.tgdesk.intake.IntakeState}), the drain that works through one key's due items in order on an
 * executor, with the one failure policy of both ({@link
 * io.tgdesk.intake.OrderedDrain.FailurePolicy}: the failure described without the values a database
 * quotes, {@link io.tgdesk.intake.FailureReason}, and scheduled again with {@code
 * config.Settings#intakeRetryAt}), and the limits every inbound JSON body is held to ({@link
 * io.tgdesk.intake.JsonLimits}: nesting depth, ids as exact 64-bit numbers). Depends only on the
 * base below it in the map (config, schema for fitting text to its column, backoff); nothing here
 * knows either intake.
 */
package io.tgdesk.intake;
