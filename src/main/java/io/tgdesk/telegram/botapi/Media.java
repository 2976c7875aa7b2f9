package io.tgdesk.telegram.botapi;

/**
 * The file-bearing parts of a message, each a record with the fields TgDesk keeps. Telegram sends
 * more; unknown fields are ignored.
 */
public final class Media {
  private Media() {}

  public record PhotoSize(
      String fileId, String fileUniqueId, Integer width, Integer height, Long fileSize) {}

  public record File(
      String fileId, String fileUniqueId, String fileName, String mimeType, Long fileSize) {}

  public record Sticker(String fileId, String fileUniqueId, String emoji, Long fileSize) {}

  public record Contact(String phoneNumber, String firstName, String lastName, Long userId) {}

  public record Location(Double latitude, Double longitude) {}
}
