/**
 * Where TgDesk may send requests that admins point it at (a bot's Bot API base URL, a host event
 * endpoint): {@link io.tgdesk.egress.EgressGuard} refuses internal destinations in production
 * unless the allow-list names them. Built once from {@code config}; depends on nothing else of
 * ours. No HTTP calls here, only address checks.
 */
package io.tgdesk.egress;
