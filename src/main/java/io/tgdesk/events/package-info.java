/**
 * Events to the host helpdesk platform: registered HTTPS endpoints, and ticket.created,
 * ticket.updated, message.received, message.sent, message.failed posted to them as signed JSON
 * (HMAC-SHA256), durably (written in the transaction of the change they report), retried with
 * back-off, in order per ticket and endpoint, dead-lettered after a limit and replayable. Depends
 * on config and web only; tickets publish into it.
 */
package io.tgdesk.events;
