/**
 * Typed settings read once from MicroProfile Config (server.xml variables, environment), and the
 * {@link java.time.Clock} every time decision reads. Depends on nothing of ours but {@code backoff}
 * (the intake's retry times); everything may depend on it. No business logic here.
 */
package io.tgdesk.config;
