package io.tgdesk.telegram.inbound;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class UpdateChatTest {

  @Test
  void theChatIsReadFromEachPartThatNamesOne() {
    assertThat(chatOf("{\"update_id\":1,\"message\":{\"chat\":{\"id\":42}}}")).isEqualTo(42L);
    assertThat(chatOf("{\"edited_message\":{\"chat\":{\"id\":-1001234567890}}}"))
        .isEqualTo(-1001234567890L);
    assertThat(chatOf("{\"business_message\":{\"chat\":{\"id\":7}}}")).isEqualTo(7L);
    assertThat(chatOf("{\"my_chat_member\":{\"chat\":{\"id\":8}}}")).isEqualTo(8L);
    assertThat(chatOf("{\"deleted_business_messages\":{\"chat\":{\"id\":9}}}")).isEqualTo(9L);
    assertThat(chatOf("{\"callback_query\":{\"id\":\"x\",\"message\":{\"chat\":{\"id\":10}}}}"))
        .isEqualTo(10L);
  }

  @Test
  void aReplyInATopicNamesItsGroupNotTheChatOfWhatItQuotes() {
    String update =
        """
        {"update_id": 633291240,
         "message": {"message_id": 88, "message_thread_id": 77, "is_topic_message": true,
           "from": {"id": 714862471, "is_bot": false, "first_name": "Chris"},
           "chat": {"id": -1002233445566, "title": "Acme support", "type": "supergroup",
                    "is_forum": true},
           "date": 1709660718,
           "reply_to_message": {"message_id": 77, "date": 1709660000,
             "chat": {"id": -1002233445566, "type": "supergroup"}},
           "external_reply": {"origin": {"type": "channel", "date": 1709650000,
               "chat": {"id": -1009988776655, "type": "channel"}, "message_id": 5},
             "chat": {"id": -1009988776655, "type": "channel"}},
           "text": "see the channel post"}}
        """;

    assertThat(chatOf(update)).isEqualTo(-1002233445566L);
  }

  @Test
  void aForumTopicMessageBelongsToItsTopicAndEverythingElseToTheWholeChat() {
    String inTopic =
        """
        {"update_id": 1, "message": {"message_id": 88, "message_thread_id": 77,
          "is_topic_message": true, "chat": {"id": -1002233445566, "type": "supergroup",
          "is_forum": true}, "text": "hi"}}
        """;
    String creation =
        """
        {"update_id": 2, "message": {"message_id": 77, "message_thread_id": 77,
          "chat": {"id": -1002233445566, "type": "supergroup", "is_forum": true},
          "forum_topic_created": {"name": "Order 1001", "icon_color": 7322096}}}
        """;
    // A reply thread in a group without topics carries a thread id but is no topic.
    String replyThread =
        """
        {"update_id": 3, "message": {"message_id": 90, "message_thread_id": 60,
          "chat": {"id": -1001111111111, "type": "supergroup"}, "text": "re"}}
        """;
    String pressInTopic =
        """
        {"update_id": 4, "callback_query": {"id": "q", "data": "1",
          "message": {"message_id": 91, "message_thread_id": 77, "is_topic_message": true,
            "chat": {"id": -1002233445566, "type": "supergroup", "is_forum": true}}}}
        """;

    assertThat(UpdateChat.placeOf(inTopic)).isEqualTo(new UpdateChat.Place(-1002233445566L, 77L));
    assertThat(UpdateChat.placeOf(creation)).isEqualTo(new UpdateChat.Place(-1002233445566L, 77L));
    assertThat(UpdateChat.placeOf(pressInTopic))
        .isEqualTo(new UpdateChat.Place(-1002233445566L, 77L));
    assertThat(UpdateChat.placeOf(replyThread))
        .isEqualTo(new UpdateChat.Place(-1001111111111L, null));
    assertThat(UpdateChat.placeOf("{\"message\":{\"chat\":{\"id\":42},\"text\":\"x\"}}"))
        .isEqualTo(new UpdateChat.Place(42L, null));
    // A topic of a private chat: all of the chat is one ticket.
    assertThat(
            UpdateChat.placeOf(
                "{\"message\":{\"message_thread_id\":5,\"is_topic_message\":true,"
                    + "\"chat\":{\"id\":42,\"type\":\"private\"},\"text\":\"x\"}}"))
        .isEqualTo(new UpdateChat.Place(42L, null));
    assertThat(UpdateChat.placeOf("{\"my_chat_member\":{\"chat\":{\"id\":-5}}}"))
        .isEqualTo(new UpdateChat.Place(-5L, null));
    assertThat(UpdateChat.placeOf("{\"update_id\":1,\"message\":42}")).isNull();
  }

  @Test
  void aPlaceIsRecordedWithZeroForNoTopicAndReadBackAsItWas() {
    UpdateChat.Place topic = new UpdateChat.Place(-1002233445566L, 77L);
    UpdateChat.Place chat = new UpdateChat.Place(42L, null);

    assertThat(UpdateChat.Place.recorded(topic.chatId(), topic.threadKey())).isEqualTo(topic);
    assertThat(chat.threadKey()).isZero();
    assertThat(UpdateChat.Place.recorded(chat.chatId(), chat.threadKey())).isEqualTo(chat);
    assertThat(UpdateChat.Place.recorded(42L, null)).as("not recorded").isNull();
    assertThat(UpdateChat.Place.recorded(null, 0L)).as("no chat").isNull();
  }

  @Test
  void anUpdateThatCannotBeAppliedStillNamesItsChat() {
    assertThat(
            chatOf("{\"update_id\":1,\"message\":{\"date\":\"yesterday\",\"chat\":{\"id\":42}}}"))
        .isEqualTo(42L);
  }

  @Test
  void noChatIsNamedWhenThereIsNoneOrItIsNotAWholeNumber() {
    assertThat(chatOf("{\"update_id\":1,\"message\":42}")).isNull();
    assertThat(chatOf("{\"update_id\":1,\"callback_query\":{\"id\":\"inline\"}}")).isNull();
    assertThat(chatOf("{\"message\":{\"chat\":{\"id\":1.5}}}")).isNull();
    assertThat(chatOf("{\"message\":{\"chat\":{\"id\":\"42\"}}}")).isNull();
    assertThat(chatOf("{\"message\":{\"chat\":{\"id\":99999999999999999999}}}")).isNull();
    assertThat(chatOf("[1]")).isNull();
    assertThat(chatOf("not json")).isNull();
  }

  /** The chat the body names, or null. */
  private static Long chatOf(String json) {
    UpdateChat.Place place = UpdateChat.placeOf(json);
    return place == null ? null : place.chatId();
  }
}
