package io.tgdesk.config;

/**
 * Every configuration key the application reads, with its default. The single list behind {@link
 * Settings}, the admin settings view and the plugin descriptor check.
 *
 * <p>Each key can be set as an environment variable: upper case, dots and dashes as underscores
 * ({@code tgdesk.public-base-url} is {@code TGDESK_PUBLIC_BASE_URL}).
 */
public enum Setting {
  PRODUCTION(
      "tgdesk.production",
      "false",
      "boolean",
      false,
      "Production deployment: credentials are taken only over HTTPS, and a request presenting a development password (of the admin or the agent) is refused on the whole API."),
  WEB_TRUST_FORWARDED_PROTO(
      "tgdesk.web.trust-forwarded-proto",
      "false",
      "boolean",
      false,
      "TLS ends at a proxy in front of this server: a request whose X-Forwarded-Proto is https counts as HTTPS in production. Set it only when that proxy overwrites the header."),
  API_MAX_BODY_BYTES(
      "tgdesk.api.max-body-bytes",
      "1048576",
      "int",
      false,
      "Largest request body the API reads (webhooks have their own limit); larger ones get 413 before they are parsed."),
  API_BULK_MAX_BODY_BYTES(
      "tgdesk.api.bulk-max-body-bytes",
      "16777216",
      "int",
      false,
      "Largest body of POST /api/admin/messages (up to 10,000 messages); larger ones get 413 before they are parsed."),
  PUBLIC_BASE_URL(
      "tgdesk.public-base-url",
      "http://localhost:9080/tgdesk",
      "url",
      false,
      "The public HTTPS address of this application as Telegram reaches it; webhooks are registered under it."),
  ADMIN_USER(
      "tgdesk.admin.user",
      "admin",
      "string",
      false,
      "User name of the admin in the basic registry."),
  ADMIN_PASSWORD(
      "tgdesk.admin.password",
      "tgdesk-dev-admin",
      "secret",
      true,
      "Password of the admin in the basic registry."),
  AGENT_USER(
      "tgdesk.agent.user",
      "agent",
      "string",
      false,
      "User name of the agent in the basic registry."),
  AGENT_PASSWORD(
      "tgdesk.agent.password",
      "tgdesk-dev-agent",
      "secret",
      true,
      "Password of the agent in the basic registry."),
  DB_TYPE(
      "db.type",
      "derby",
      "enum(derby,postgres)",
      false,
      "The database: embedded Derby or PostgreSQL."),
  TELEGRAM_API_BASE_URL(
      "tgdesk.telegram.api-base-url",
      "https://api.telegram.org",
      "url",
      false,
      "Bot API base URL used when a bot is registered without its own apiBaseUrl."),
  TELEGRAM_CONNECT_TIMEOUT_MS(
      "tgdesk.telegram.connect-timeout-ms",
      "5000",
      "int",
      false,
      "Connect timeout of calls to the Bot API, in milliseconds."),
  TELEGRAM_READ_TIMEOUT_SECONDS(
      "tgdesk.telegram.read-timeout-seconds",
      "75",
      "int",
      false,
      "Read timeout of calls to the Bot API, in seconds; above 60 because Telegram may hold a flooded call that long."),
  WEBHOOK_MAX_BODY_BYTES(
      "tgdesk.webhook.max-body-bytes",
      "1048576",
      "int",
      false,
      "Largest webhook body accepted; larger ones get 413."),
  WEBHOOK_MAX_CONNECTIONS(
      "tgdesk.webhook.max-connections",
      "40",
      "int",
      false,
      "max_connections sent with setWebhook (1-100)."),
  WEBHOOK_ALLOWED_UPDATES(
      "tgdesk.webhook.allowed-updates",
      "message,edited_message,my_chat_member,callback_query,business_connection,business_message,edited_business_message,deleted_business_messages",
      "list",
      false,
      "allowed_updates sent with setWebhook and getUpdates."),
  MEDIA_CACHE_MAX_BYTES(
      "tgdesk.media.cache-max-bytes",
      "268435456",
      "long",
      false,
      "Size cap of the cache of customers' files downloaded from Telegram, in bytes (0 keeps nothing); beyond it the least recently opened files are deleted."),
  MEDIA_CACHE_DIR(
      "tgdesk.media.cache-dir",
      "",
      "path",
      false,
      "Directory of the cache of customers' files; empty means media-cache under the server's output directory. Each server keeps its own."),
  INTAKE_MAX_ATTEMPTS(
      "tgdesk.intake.max-attempts",
      "5",
      "int",
      false,
      "How many times a stored update is processed before it stays failed for an admin to look at."),
  INTAKE_RETRY_BASE_SECONDS(
      "tgdesk.intake.retry-base-seconds",
      "5",
      "int",
      false,
      "First delay before a failed update is processed again; doubles per attempt, capped at 15 minutes."),
  INTAKE_SWEEP_INTERVAL_SECONDS(
      "tgdesk.intake.sweep-interval-seconds",
      "5",
      "int",
      false,
      "How often stored but unprocessed updates (after a crash, or due for retry) are looked for."),
  INTAKE_FLOOD_MAX_MESSAGES(
      "tgdesk.intake.flood-max-messages",
      "20",
      "int",
      false,
      "A customer who sends more than this many messages within tgdesk.intake.flood-period-seconds is flooding: every message is kept, but automatic messages go to them at most once per period. A bot may set its own (floodMaxMessages)."),
  INTAKE_FLOOD_PERIOD_SECONDS(
      "tgdesk.intake.flood-period-seconds",
      "10",
      "int",
      false,
      "The period of the flood limit, in seconds (1-3600); also how long a flood lasts after the last message over the limit, and the least time between two automatic messages to a flooding customer. A bot may set its own (floodPeriodSeconds)."),
  POLLING_INTERVAL_SECONDS(
      "tgdesk.polling.interval-seconds",
      "1",
      "int",
      false,
      "Default pause between two getUpdates calls of a polling bot."),
  POLLING_TIMEOUT_SECONDS(
      "tgdesk.polling.timeout-seconds",
      "30",
      "int",
      false,
      "Default long-poll timeout of getUpdates (0-50)."),
  POLLING_MAX_BACKOFF_SECONDS(
      "tgdesk.polling.max-backoff-seconds",
      "60",
      "int",
      false,
      "Cap of the back-off after failed getUpdates calls (409 conflicts, network errors)."),
  CLUSTER_NODE_ID(
      "tgdesk.cluster.node-id",
      "",
      "string",
      false,
      "This server's name in a cluster (at most 64 characters), stable across its restarts; empty means host name and Liberty server name."),
  CLUSTER_LEASE_SECONDS(
      "tgdesk.cluster.lease-seconds",
      "10",
      "int",
      false,
      "How long a server's claim on a bot lasts unrenewed; a dead server's bots are taken over within this plus a third of it."),
  DIAGNOSTICS_AUDIT_RETENTION_HOURS(
      "tgdesk.diagnostics.audit-retention-hours",
      "168",
      "int",
      false,
      "How long audited Bot API calls, webhook checks and circuit breaker changes are kept; older rows are deleted in batches."),
  DIAGNOSTICS_RETENTION_BATCH_SIZE(
      "tgdesk.diagnostics.retention-batch-size",
      "500",
      "int",
      false,
      "Rows the retention deletes per transaction (10-100000): smaller batches hold writers up less."),
  DIAGNOSTICS_AUDIT_BUFFER_SIZE(
      "tgdesk.diagnostics.audit-buffer-size",
      "20000",
      "int",
      false,
      "Audited calls held in memory until written; when full, calls are counted as dropped, never delayed."),
  DIAGNOSTICS_CLUSTER_SIZE(
      "tgdesk.diagnostics.cluster-size",
      "3",
      "int",
      false,
      "How many 429 answers within the cluster window make a 429 cluster."),
  DIAGNOSTICS_CLUSTER_WINDOW_SECONDS(
      "tgdesk.diagnostics.cluster-window-seconds",
      "60",
      "int",
      false,
      "The window of a 429 cluster, in seconds."),
  DIAGNOSTICS_HIDDEN_TRAFFIC_PERCENT(
      "tgdesk.diagnostics.hidden-traffic-percent",
      "40",
      "int",
      false,
      "A category of calls outside message delivery and polling taking more than this share of a bot's calls is reported as hidden traffic."),
  DIAGNOSTICS_WEBHOOK_CHECK_INTERVAL_SECONDS(
      "tgdesk.diagnostics.webhook-check-interval-seconds",
      "300",
      "int",
      false,
      "How often getWebhookInfo is called for each webhook bot; the answers are kept as history."),
  DELIVERY_BREAKER_FAILURES(
      "tgdesk.delivery.breaker-failures",
      "5",
      "int",
      false,
      "A bot's circuit breaker opens when this many of its last tgdesk.delivery.breaker-calls calls failed (5xx or no answer)."),
  DELIVERY_BREAKER_CALLS(
      "tgdesk.delivery.breaker-calls",
      "10",
      "int",
      false,
      "How many of a bot's latest calls its circuit breaker counts."),
  DELIVERY_BREAKER_DELAY_SECONDS(
      "tgdesk.delivery.breaker-delay-seconds",
      "15",
      "int",
      false,
      "How long an open circuit breaker lets no call through before one probe call."),
  TICKET_STATUS_NOTICES(
      "tgdesk.tickets.status-notices",
      "false",
      "boolean",
      false,
      "Tell the customer in their private chat when an agent changes their ticket's status."),
  TICKET_STATUS_NOTICE_WINDOW_SECONDS(
      "tgdesk.tickets.status-notice-window-seconds",
      "30",
      "int",
      false,
      "Status changes of one ticket within this many seconds make one notice, naming the last status."),
  RATINGS_COMMENT_WINDOW_SECONDS(
      "tgdesk.ratings.comment-window-seconds",
      "600",
      "int",
      false,
      "After a customer rates a resolved ticket, their next message within this many seconds is the rating's comment: stored with the rating and in the conversation, without reopening the ticket (0-86400; 0: no comments)."),
  DELIVERY_FOLLOW_UP_RETRY_SECONDS(
      "tgdesk.delivery.follow-up-retry-seconds",
      "30",
      "int",
      false,
      "How often effects of a sent message that failed (e.g. its Telegram message id on the ticket) are retried, in seconds (1-3600); the message is never sent again for them."),
  DELIVERY_UNCERTAIN_AGENT_REPLY(
      "tgdesk.delivery.uncertain.agent-reply",
      "resend",
      "enum(resend,hold)",
      false,
      "An agent reply whose call may have reached Telegram when its server failed: resend it once the bot's new owner takes over (at-least-once; a duplicate is possible only for a call that reached Telegram), or hold it as uncertain for an admin."),
  DELIVERY_UNCERTAIN_NOTICE(
      "tgdesk.delivery.uncertain.notice",
      "resend",
      "enum(resend,hold)",
      false,
      "The same choice for notices (order and status notices)."),
  DELIVERY_UNCERTAIN_BULK(
      "tgdesk.delivery.uncertain.bulk",
      "hold",
      "enum(resend,hold)",
      false,
      "The same choice for bulk messages; hold: they wait as uncertain for an admin's retry or cancel."),
  TELEGRAM_MAX_ANSWER_BYTES(
      "tgdesk.telegram.max-answer-bytes",
      "8388608",
      "int",
      false,
      "Most bytes of a Bot API answer read (1024-268435456); a longer answer is refused as unexpected and not read further."),
  CUSTOMERS_RETENTION_DAYS(
      "tgdesk.customers.retention-days",
      "0",
      "int",
      false,
      "Erase the content of tickets closed (and unchanged) for more than this many days, in batches, as a customer's erasure does: texts, names, media references, edit history, outbox parameters, host events, and stored Telegram updates processed before then. 0 (the default) keeps everything (0-36500)."),
  CUSTOMERS_ERASURE_BATCH_SIZE(
      "tgdesk.customers.erasure-batch-size",
      "200",
      "int",
      false,
      "Rows an erasure or the retention erases per transaction (1-10000): smaller batches hold writers up less."),
  FILES_MAX_TOTAL_MB(
      "tgdesk.files.max-total-mb",
      "10240",
      "int",
      false,
      "Most megabytes (MiB) of agents' files kept in the database at once, waiting for Telegram or not yet cleaned up (1-1048576). An upload that would pass it is refused with 507 Insufficient Storage."),
  FILES_KEEP_SENT_SECONDS(
      "tgdesk.files.keep-sent-seconds",
      "86400",
      "int",
      false,
      "How long the bytes of an agent's file are kept after Telegram has it, in seconds (1-31536000); then they are deleted and Telegram's file_id is kept, so the file can still be sent again. An upload never attached to a reply is deleted after this time too, at least an hour."),
  EGRESS_ALLOWED_HOSTS(
      "tgdesk.egress.allowed-hosts",
      "",
      "list",
      false,
      "Hosts or addresses (comma-separated; an address may be a CIDR range such as 10.0.0.0/8) that Bot API base URLs and host event endpoints may name in production although they are private, loopback or link-local, e.g. a Local Bot API server on this host: localhost,127.0.0.1.");

  private final String key;
  private final String defaultValue;
  private final String type;
  private final boolean secret;
  private final String description;

  Setting(String key, String defaultValue, String type, boolean secret, String description) {
    this.key = key;
    this.defaultValue = defaultValue;
    this.type = type;
    this.secret = secret;
    this.description = description;
  }

  public String key() {
    return key;
  }

  public String defaultValue() {
    return defaultValue;
  }

  public String type() {
    return type;
  }

  public boolean secret() {
    return secret;
  }

  public String description() {
    return description;
  }

  /** The environment variable that overrides this key. */
  public String environmentName() {
    return key.toUpperCase().replaceAll("[^A-Z0-9]", "_");
  }
}
