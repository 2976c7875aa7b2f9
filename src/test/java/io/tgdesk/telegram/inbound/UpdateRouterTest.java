package io.tgdesk.telegram.inbound;

import static org.assertj.core.api.Assertions.assertThat;

import io.tgdesk.telegram.botapi.BotApiJson;
import io.tgdesk.telegram.botapi.Message;
import io.tgdesk.tickets.InboundMessage;
import org.junit.jupiter.api.Test;

/** The parts of routing that read a message: real replies, text or caption, media by file_id. */
class UpdateRouterTest {

  private static Message message(String json) {
    return BotApiJson.jsonb().fromJson(json, Message.class);
  }

  @Test
  void theImplicitReplyToATopicsCreationMessageIsNoReply() {
    Message m =
        message(
            "{\"message_id\":60,\"message_thread_id\":55,\"reply_to_message\":{\"message_id\":55}}");
    assertThat(UpdateRouter.replyTo(m, 55L)).isNull();
  }

  @Test
  void aRealReplyInATopicKeepsItsTarget() {
    Message m =
        message(
            "{\"message_id\":60,\"message_thread_id\":55,\"reply_to_message\":{\"message_id\":58}}");
    assertThat(UpdateRouter.replyTo(m, 55L)).isEqualTo(58);
  }

  @Test
  void aReplyInAPrivateChatKeepsItsTarget() {
    Message m = message("{\"message_id\":60,\"reply_to_message\":{\"message_id\":55}}");
    assertThat(UpdateRouter.replyTo(m, null)).isEqualTo(55);
  }

  @Test
  void theCaptionStandsInForTheTextOfAMediaMessage() {
    assertThat(UpdateRouter.textOf(message("{\"message_id\":1,\"caption\":\"see photo\"}")))
        .isEqualTo("see photo");
    assertThat(UpdateRouter.textOf(message("{\"message_id\":1,\"text\":\"plain\"}")))
        .isEqualTo("plain");
  }

  @Test
  void aPhotoIsKeptAsItsLargestSize() {
    InboundMessage.MediaRef media =
        UpdateRouter.mediaOf(
            message(
                """
        {"message_id":1,"photo":[
          {"file_id":"small","file_unique_id":"s","width":90,"height":90,"file_size":1000},
          {"file_id":"large","file_unique_id":"l","width":1280,"height":1280,"file_size":200000}]}
        """));
    assertThat(media.type()).isEqualTo("photo");
    assertThat(media.fileId()).isEqualTo("large");
    assertThat(media.fileSize()).isEqualTo(200000);
  }

  @Test
  void aDocumentKeepsItsNameAndMimeType() {
    InboundMessage.MediaRef media =
        UpdateRouter.mediaOf(
            message(
                "{\"message_id\":1,\"document\":{\"file_id\":\"d\",\"file_unique_id\":\"du\",\"file_name\":\"invoice.pdf\","
                    + "\"mime_type\":\"application/pdf\",\"file_size\":51200}}"));
    assertThat(media)
        .isEqualTo(
            new InboundMessage.MediaRef(
                "document", "d", "du", "invoice.pdf", "application/pdf", 51200L));
  }

  @Test
  void aTextMessageHasNoMedia() {
    assertThat(UpdateRouter.mediaOf(message("{\"message_id\":1,\"text\":\"hi\"}"))).isNull();
  }
}
