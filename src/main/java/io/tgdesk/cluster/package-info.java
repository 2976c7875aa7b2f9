/**
 * Running several servers on one database: each server's heartbeat, and the lease that makes
 * exactly one server at a time the owner of a bot (its delivery loop, its poller, the processing of
 * its stored updates). Leases live in the shared database (row locks, a fencing token), never in a
 * protocol of our own.
 *
 * <p>Depends on {@code telegram.bots} (which bots exist), {@code config} and {@code schema} (starts
 * once the schema is ready); the engine and the intake ask {@link io.tgdesk.cluster.BotOwnership}
 * whether they may act for a bot. Nothing here calls Telegram.
 */
package io.tgdesk.cluster;
