/**
 * Registered bots: token (stored, never shown whole), mode (webhook or polling), webhook secret,
 * Bot API base URL, polling state; registering verifies the token with getMe; webhook registration
 * with Telegram; whether a group a bot is to serve is a forum ({@link
 * io.tgdesk.telegram.bots.ForumChats}, for topic groups and agents groups). Depends on
 * telegram.botapi, config, egress (where a bot's Bot API may be) and web (for problems and the
 * rules of accepted secrets).
 */
package io.tgdesk.telegram.bots;
