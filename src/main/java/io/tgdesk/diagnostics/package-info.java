/**
 * What admins and orchestrators read about the health of TgDesk: MicroProfile Health checks (and,
 * later, call audit, rates, 429 clusters and the cause report). Read-only: nothing here changes
 * state. May depend on every feature package; only admin depends on it.
 */
package io.tgdesk.diagnostics;
