package io.tgdesk.telegram.botapi;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Telegram's snake_case JSON binds to our records, unknown fields ignored, 64-bit ids kept. */
class BotApiJsonTest {

  @Test
  void aForumTopicMessageBindsWithItsThreadAndImplicitReply() {
    String json =
        """
        {"update_id": 912345678901,
         "message": {"message_id": 56, "message_thread_id": 55, "is_topic_message": true, "date": 1700000000,
           "from": {"id": 7001, "is_bot": false, "first_name": "Ann", "language_code": "en", "is_premium": true},
           "chat": {"id": -1001234567890, "type": "supergroup", "title": "Acme", "is_forum": true},
           "reply_to_message": {"message_id": 55, "date": 1699999990,
             "chat": {"id": -1001234567890, "type": "supergroup"},
             "forum_topic_created": {"name": "Refund", "icon_color": 7322096}},
           "text": "charged twice", "entities": [{"type": "bold", "offset": 0, "length": 7}]}}
        """;

    Update u = BotApiJson.jsonb().fromJson(json, Update.class);

    assertThat(u.updateId()).isEqualTo(912345678901L);
    assertThat(u.type()).isEqualTo("message");
    Message m = u.message();
    assertThat(m.messageThreadId()).isEqualTo(55);
    assertThat(m.isTopicMessage()).isTrue();
    assertThat(m.chat().id()).isEqualTo(-1001234567890L);
    assertThat(m.chat().isForumSupergroup()).isTrue();
    assertThat(m.from().languageCode()).isEqualTo("en");
    assertThat(m.replyToMessage().forumTopicCreated().name()).isEqualTo("Refund");
  }

  @Test
  void anEditedMessageAndAMembershipChangeAreTold() {
    Update edit =
        BotApiJson.jsonb()
            .fromJson(
                "{\"update_id\":1,\"edited_message\":{\"message_id\":3,\"date\":1,\"edit_date\":2,"
                    + "\"chat\":{\"id\":5,\"type\":\"private\"},\"text\":\"new\"}}",
                Update.class);
    Update member =
        BotApiJson.jsonb()
            .fromJson(
                "{\"update_id\":2,\"my_chat_member\":{\"chat\":{\"id\":5,\"type\":\"private\"},\"date\":1,"
                    + "\"old_chat_member\":{\"status\":\"member\"},\"new_chat_member\":{\"status\":\"kicked\"}}}",
                Update.class);
    Update unknown =
        BotApiJson.jsonb().fromJson("{\"update_id\":3,\"poll\":{\"id\":\"x\"}}", Update.class);

    assertThat(edit.type()).isEqualTo("edited_message");
    assertThat(edit.editedMessage().editDate()).isEqualTo(2);
    assertThat(member.myChatMember().newChatMember().status()).isEqualTo("kicked");
    assertThat(unknown.type()).isEqualTo("other");
  }

  @Test
  void aRecordedPrivateUpdateBinds() throws Exception {
    String json;
    try (var in = BotApiJsonTest.class.getResourceAsStream("/telegram/private-text.json")) {
      json = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    }

    Update u = BotApiJson.jsonb().fromJson(json, Update.class);

    assertThat(u.updateId()).isEqualTo(243475549L);
    assertThat(u.message().chat().id()).isEqualTo(81432612L);
    assertThat(u.message().from().firstName()).isEqualTo("Kirill");
    assertThat(u.message().text()).isEqualTo("hello");
  }

  @Test
  void anIdThatDoesNotFitSixtyFourBitsOrHasAFractionIsRefusedNotWrapped() {
    for (String chatId :
        new String[] {"99999999999999999999999", "1.5", "1e400", "18446744073709551616"}) {
      String json =
          "{\"update_id\":1,\"message\":{\"message_id\":1,\"date\":1,"
              + "\"chat\":{\"id\":"
              + chatId
              + ",\"type\":\"private\"}}}";
      Throwable failure =
          org.assertj.core.api.Assertions.catchThrowable(
              () -> BotApiJson.jsonb().fromJson(json, Update.class));
      assertThat(failure).as(chatId).isNotNull();
      assertThat(BotApiJson.inexactNumberIn(failure)).isEqualTo(chatId);
    }
  }
}
