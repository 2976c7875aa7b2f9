package io.tgdesk.telegram.botapi;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Telegram Business updates read as the Bot API sends them, before and since Bot API 9.0. */
class BusinessUpdatesJsonTest {

  private static Update read(String json) {
    return BotApiJson.jsonb().fromJson(json, Update.class);
  }

  @Test
  void aConnectionSince9_0SaysWhetherTheBotMayReplyInItsRights() {
    Update u =
        read(
            """
            {"update_id": 5,
             "business_connection": {"id": "eFZEIwpAWVc8BCzK",
               "user": {"id": 42, "is_bot": false, "first_name": "User"},
               "user_chat_id": 42, "date": 1717430400,
               "rights": {"can_reply": true, "can_read_messages": true}, "is_enabled": true}}
            """);
    assertThat(u.type()).isEqualTo("business_connection");
    assertThat(u.businessConnection().botMayReply()).isTrue();
    assertThat(u.businessConnection().enabled()).isTrue();
    assertThat(u.businessConnection().userChatId()).isEqualTo(42);
  }

  @Test
  void aConnectionBefore9_0SaysItAtTheTopAndMayBeDisabled() {
    Update u =
        read(
            """
            {"update_id": 6,
             "business_connection": {"id": "test", "user": {"id": 42, "is_bot": false,
               "first_name": "User"}, "user_chat_id": 42, "date": 42,
               "can_reply": false, "is_enabled": false}}
            """);
    assertThat(u.businessConnection().botMayReply()).isFalse();
    assertThat(u.businessConnection().enabled()).isFalse();
  }

  @Test
  void businessMessagesEditsAndDeletionsNameTheirConnection() {
    Update message =
        read(
            """
            {"update_id": 7, "business_message": {"message_id": 23, "date": 1,
              "chat": {"id": 99, "type": "private"}, "from": {"id": 99, "is_bot": false},
              "business_connection_id": "J7tOq3chfVFkrSPT", "text": "hi"}}
            """);
    Update deleted =
        read(
            """
            {"update_id": 8, "deleted_business_messages": {
              "business_connection_id": "J7tOq3chfVFkrSPT",
              "chat": {"id": 99, "type": "private"}, "message_ids": [23, 24]}}
            """);
    assertThat(message.type()).isEqualTo("business_message");
    assertThat(message.businessMessage().businessConnectionId()).isEqualTo("J7tOq3chfVFkrSPT");
    assertThat(deleted.type()).isEqualTo("deleted_business_messages");
    assertThat(deleted.deletedBusinessMessages().messageIds()).containsExactly(23L, 24L);
  }
}
