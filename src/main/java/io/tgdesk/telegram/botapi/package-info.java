/**
 * The Telegram Bot API as wire records (JSON-B, snake_case via {@link
 * io.tgdesk.telegram.botapi.BotApiJson}) and the one HTTP client that talks to it. Depends on
 * nothing of ours. Never logs, formats or throws a bot token: URLs holding a token stay inside
 * {@link io.tgdesk.telegram.botapi.BotApiClient}.
 */
package io.tgdesk.telegram.botapi;
