/**
 * Test infrastructure shared by the suites: the fake Telegram Bot API ({@link
 * io.tgdesk.testing.FakeTelegram}) and update builders, HTTP access to the server under test, the
 * server's process and database for crash tests. No test classes here.
 */
package io.tgdesk.testing;
