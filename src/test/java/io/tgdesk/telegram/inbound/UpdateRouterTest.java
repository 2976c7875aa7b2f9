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
  void aPhotoKeepsItsSmallestSizeAsTheThumbnail() {
    InboundMessage.MediaRef media =
        UpdateRouter.mediaOf(
            message(
                """
        {"message_id":1,"photo":[
          {"file_id":"s90","file_unique_id":"a","width":67,"height":90,"file_size":1480},
          {"file_id":"m320","file_unique_id":"b","width":240,"height":320,"file_size":17123},
          {"file_id":"x1280","file_unique_id":"c","width":960,"height":1280,"file_size":134211}]}
        """));
    assertThat(media.fileId()).isEqualTo("x1280");
    assertThat(media.thumbnailFileId()).isEqualTo("s90");
    assertThat(media.thumbnailFileSize()).isEqualTo(1480);
  }

  @Test
  void aPhotoOfOneSizeHasNoThumbnail() {
    InboundMessage.MediaRef media =
        UpdateRouter.mediaOf(
            message(
                "{\"message_id\":1,\"photo\":[{\"file_id\":\"only\",\"file_unique_id\":\"o\","
                    + "\"width\":90,\"height\":90,\"file_size\":900}]}"));
    assertThat(media.fileId()).isEqualTo("only");
    assertThat(media.thumbnailFileId()).isNull();
  }

  @Test
  void aVideoKeepsTheThumbnailTelegramGaveUnderItsOlderNameToo() {
    InboundMessage.MediaRef media =
        UpdateRouter.mediaOf(
            message(
                """
        {"message_id":1,"video":{"duration":3,"width":640,"height":360,"file_name":"clip.mp4",
          "mime_type":"video/mp4","thumb":{"file_id":"t","file_unique_id":"tu","file_size":2088,
          "width":320,"height":180},"file_id":"v","file_unique_id":"vu","file_size":310513}}
        """));
    assertThat(media.type()).isEqualTo("video");
    assertThat(media.thumbnailFileId()).isEqualTo("t");
    assertThat(media.fileName()).isEqualTo("clip.mp4");
  }

  @Test
  void aStickerKeepsItsThumbnailAndKind() {
    InboundMessage.MediaRef media =
        UpdateRouter.mediaOf(
            message(
                """
        {"message_id":1,"sticker":{"width":512,"height":512,"emoji":"\ud83d\ude00",
          "set_name":"Animals","is_animated":false,"is_video":false,"type":"regular",
          "thumbnail":{"file_id":"st","file_unique_id":"stu","file_size":4710,"width":128,
          "height":128},"file_id":"s","file_unique_id":"su","file_size":22840}}
        """));
    assertThat(media.type()).isEqualTo("sticker");
    assertThat(media.mimeType()).isEqualTo("image/webp");
    assertThat(media.thumbnailFileId()).isEqualTo("st");
  }

  @Test
  void aTextMessageHasNoMedia() {
    assertThat(UpdateRouter.mediaOf(message("{\"message_id\":1,\"text\":\"hi\"}"))).isNull();
  }
}
