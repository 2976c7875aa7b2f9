package io.tgdesk.customers;

import io.tgdesk.testing.TestDatabase;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Reads the whole schema of the server's database through JDBC metadata and searches every column
 * of every table for strings. Every column must be classified here, as one that may hold a
 * customer's data (so an erasure must reach it) or one known not to: a migration that adds a column
 * fails the erasure proof until it is classified.
 */
final class CustomerDataScan {

  /** Columns that may hold a customer's data: names, texts, phone, ids, media references. */
  static final Map<String, Set<String>> CUSTOMER_DATA =
      columns(
          "telegram_update: raw chat_id last_error",
          "customer: telegram_user_id first_name last_name username language_code blocked_reason",
          "ticket: customer_id chat_id subject rating_comment",
          "conversation_message: chat_id telegram_message_id sender_user_id sender_name text"
              + " file_id file_unique_id file_name mime_type reply_to_message_id delivery_error"
              + " thumbnail_file_id buttons button_label button_value",
          "message_revision: previous_text",
          "outbox_entry: params chat_id coalesce_key result last_error",
          "delivery_chat: chat_id unreachable_reason",
          "host_event: payload",
          "api_call: chat_id description",
          "shopify_event: raw shopify_customer_id",
          "shopify_customer_link: telegram_user_id shopify_customer_id email phone",
          "shopify_order: order_name shopify_customer_id telegram_user_id items tracking"
              + " email_key phone_key notice_kept",
          "shopify_timeline_entry: shopify_customer_id",
          "shopify_export: content shopify_customer_id",
          "customer_erasure: telegram_user_id",
          "stored_file: file_name",
          "stored_file_chunk: data");

  /** Columns known not to hold a customer's data: states, times, counts, our own ids, config. */
  static final Map<String, Set<String>> NOT_CUSTOMER_DATA =
      columns(
          "bot: id name token telegram_bot_id username mode webhook_secret api_base_url"
              + " poll_interval_seconds poll_timeout_seconds enabled last_update_id poll_status"
              + " poll_error poll_error_at poll_failures last_polled_at created_at updated_at"
              + " version disabled_reason paused_until paid_broadcast_per_second limits"
              + " flood_max_messages flood_period_seconds local_bot_api",
          "telegram_update: id bot_id update_id source state update_type outcome attempts"
              + " next_attempt_at received_at processed_at thread_key",
          "customer: id bot_id created_at updated_at erased_at blocked_at blocked_by flood_since"
              + " flood_messages flood_last_at automatic_message_at greeted_at",
          "topic_group: id bot_id chat_id title created_at",
          "ticket: id bot_id kind topic_group_id thread_id status open_key topic_key created_at"
              + " updated_at last_message_at version status_notice_due_at status_notice_from"
              + " queue_name assignee after_hours_replied erased_at business_connection_id rating"
              + " rated_at rating_prompted_at",
          "conversation_message: id ticket_id bot_id author media_type file_size telegram_date"
              + " edited_at created_at internal parse_mode delivery_action delivery_state"
              + " delivery_entry_id deleted_at delivery_resent erased_at business_connection_id"
              + " thumbnail_file_size",
          "message_revision: id message_id replaced_at",
          "outbox_entry: id bot_id bot_method thread_key lane category paid state attempts"
              + " next_attempt_at last_error_code retry_after sent_at telegram_message_id"
              + " claimed_by claimed_at created_at updated_at version departed_at follow_up_due"
              + " follow_up_error server_failure_outcome",
          "delivery_chat: bot_id unreachable_at paused_until migrated_to",
          "cluster_node: node_id started_at heartbeat_at",
          "bot_lease: bot_id owner_node fencing_token acquired_at renewed_at expires_at",
          "event_endpoint: id url secret event_types max_attempts enabled created_at updated_at",
          "host_event: id event_id endpoint_id event_type ticket_id state attempts next_attempt_at"
              + " last_status last_error occurred_at delivered_at updated_at version customer_id",
          "delivery_topic: bot_id chat_id thread_id moved_to moved_at",
          "bot_pool: id name created_at updated_at version",
          "bot_pool_member: pool_id bot_id",
          "routing_rule: id match_key queue_name topic_group_id bot_id pool_id created_at"
              + " updated_at version",
          "api_call: id called_at bot_id api_method thread_id category lane attempt http_status"
              + " error_code retry_after latency_ms request_bytes",
          "webhook_check: id bot_id checked_at expected_url url pending_update_count"
              + " last_error_date last_error_message max_connections check_error alerts",
          "shopify_shop: id domain bot_id secrets queue_name notices_enabled notice_window_seconds"
              + " templates uninstalled_at created_at updated_at",
          "shopify_event: id shop_id event_key webhook_id topic api_version triggered_at state"
              + " outcome order_id attempts next_attempt_at last_error received_at processed_at"
              + " body_sha256",
          "shopify_customer_link: id shop_id source created_at",
          "shopify_order: id shop_id order_id financial_status fulfillment_status total_price"
              + " currency cancelled_at last_topic order_updated_at created_at updated_at",
          "shopify_fulfillment: id shop_id fulfillment_id order_id updated_at",
          "shopify_timeline_entry: id shop_id order_id ticket_id message_id topic created_at",
          "shopify_export: id shop_id data_request_id created_at",
          "reply_delivery: outbox_entry_id message_id bot_id delivery_action",
          "ticket_queue: id name description position strategy members bot_ids topic_group_ids"
              + " keywords last_assignee created_at updated_at version time_zone opening_hours"
              + " holidays after_hours_reply opening_topics rating_prompt",
          "agent_presence: user_name availability updated_at",
          // Agents groups: the group's and the agents' own data, and ids of what was mirrored
          // (the copies' texts live in outbox_entry; a customer's erasure deletes their topic).
          "agents_group: chat_id queue title coalesce_texts created_at",
          "agents_group_bot: id chat_id bot_id created_at",
          "telegram_agent: telegram_user_id user_name created_at",
          "agent_topic: id ticket_id chat_id bot_id message_thread_id status create_entry_id"
              + " text_run created_at updated_at",
          "mirrored_message: id message_id ticket_id topic_id chat_id bot_id kind state"
              + " outbox_entry_id group_message_id combined edit_due error created_at updated_at",
          "agents_group_message: id chat_id message_id bot_id telegram_user_id ticket_id"
              + " conversation_message_id handled_as handled_at",
          "telegram_link_code: code_hash user_name created_at expires_at used_at telegram_user_id",
          "canned_response: id name name_key body parse_mode queue_id created_at created_by"
              + " updated_at updated_by version",
          "breaker_event: id bot_id node_id changed_at state previous_state reason",
          "accepted_request: idempotency_key request_sha256 answer accepted_at",
          "customer_erasure: id customer_id bot_id requested_by requested_at finished_at state"
              + " tickets messages outbox_entries other_rows batches",
          // A business account's link to a bot: the business's data, not a customer's.
          "business_connection: id bot_id connection_id user_id user_name username user_chat_id"
              + " can_reply enabled connected_at disabled_at updated_at",
          "bot_greeting: bot_id repeat_seconds start_opens_ticket updated_at updated_by",
          "customer_text: id bot_id text_key language body updated_at updated_by",
          "reply_attachment: message_id position file_id kind",
          "stored_file: id content_type size_bytes chunks complete uploaded_by created_at"
              + " attached_at sent_at bytes_deleted_at",
          "stored_file_chunk: file_id seq",
          "stored_file_reference: file_id bot_id telegram_file_id recorded_at",
          // Liquibase's own bookkeeping.
          "databasechangelog: id author filename dateexecuted orderexecuted exectype md5sum"
              + " description comments tag liquibase contexts labels deployment_id",
          "databasechangeloglock: id locked lockgranted lockedby");

  private CustomerDataScan() {}

  /** The schema's tables and their columns, lower case, as the database describes them. */
  static Map<String, Set<String>> schema(Connection db) throws SQLException {
    Map<String, Set<String>> out = new TreeMap<>();
    DatabaseMetaData md = db.getMetaData();
    String schema = TestDatabase.isPostgres() ? "public" : "APP";
    try (ResultSet tables = md.getTables(null, schema, "%", new String[] {"TABLE"})) {
      while (tables.next()) {
        out.put(tables.getString("TABLE_NAME").toLowerCase(Locale.ROOT), new TreeSet<>());
      }
    }
    for (Map.Entry<String, Set<String>> t : out.entrySet()) {
      String name = TestDatabase.isPostgres() ? t.getKey() : t.getKey().toUpperCase(Locale.ROOT);
      try (ResultSet columns = md.getColumns(null, schema, name, "%")) {
        while (columns.next()) {
          t.getValue().add(columns.getString("COLUMN_NAME").toLowerCase(Locale.ROOT));
        }
      }
    }
    return out;
  }

  /** The columns of the schema that neither list names: each one a "table.column". */
  static List<String> unclassified(Map<String, Set<String>> schema) {
    List<String> out = new ArrayList<>();
    schema.forEach(
        (table, columns) -> {
          for (String c : columns) {
            if (!CUSTOMER_DATA.getOrDefault(table, Set.of()).contains(c)
                && !NOT_CUSTOMER_DATA.getOrDefault(table, Set.of()).contains(c)) {
              out.add(table + "." + c);
            }
          }
        });
    return out;
  }

  /**
   * Every value of every column of every table, read as text (bytes as UTF-8), searched for the
   * needles (case-insensitive).
   *
   * @return "table.column: needle" for each column that holds one
   */
  static Set<String> find(
      Connection db, Map<String, Set<String>> schema, Collection<String> needles)
      throws SQLException {
    List<String> lower = needles.stream().map(n -> n.toLowerCase(Locale.ROOT)).toList();
    Set<String> hits = new TreeSet<>();
    for (String table : schema.keySet()) {
      try (Statement st = db.createStatement();
          ResultSet rows = st.executeQuery("select * from " + table)) {
        ResultSetMetaData md = rows.getMetaData();
        while (rows.next()) {
          for (int i = 1; i <= md.getColumnCount(); i++) {
            String value = text(rows.getObject(i));
            if (value == null) {
              continue;
            }
            String v = value.toLowerCase(Locale.ROOT);
            for (int n = 0; n < lower.size(); n++) {
              if (v.contains(lower.get(n))) {
                hits.add(
                    table
                        + "."
                        + md.getColumnName(i).toLowerCase(Locale.ROOT)
                        + ": "
                        + needles.toArray()[n]);
              }
            }
          }
        }
      }
    }
    return hits;
  }

  private static String text(Object value) throws SQLException {
    if (value == null) {
      return null;
    }
    if (value instanceof byte[] bytes) {
      return new String(bytes, StandardCharsets.UTF_8);
    }
    if (value instanceof java.sql.Blob blob) {
      return new String(blob.getBytes(1, (int) blob.length()), StandardCharsets.UTF_8);
    }
    if (value instanceof java.sql.Clob clob) {
      return clob.getSubString(1, (int) clob.length());
    }
    return value.toString();
  }

  private static Map<String, Set<String>> columns(String... lines) {
    return Arrays.stream(lines)
        .collect(
            Collectors.toMap(
                l -> l.substring(0, l.indexOf(':')).trim(),
                l ->
                    Set.copyOf(Arrays.asList(l.substring(l.indexOf(':') + 1).trim().split("\\s+"))),
                (a, b) -> {
                  throw new IllegalStateException("table listed twice");
                },
                TreeMap::new));
  }
}
