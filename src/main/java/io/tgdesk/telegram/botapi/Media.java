package io.tgdesk.telegram.botapi;

/**
 * The file-bearing parts of a message, each a record with the fields TgDesk keeps. Telegram sends
 * more; unknown fields are ignored. A thumbnail arrives as {@code thumbnail} (Bot API 6.6 on) or as
 * {@code thumb} (before): {@link #thumbnailOf} reads either.
 */
public final class Media {
  private Media() {}

  public record PhotoSize(
      String fileId, String fileUniqueId, Integer width, Integer height, Long fileSize) {}

  public record File(
      String fileId,
      String fileUniqueId,
      String fileName,
      String mimeType,
      Long fileSize,
      PhotoSize thumbnail,
      PhotoSize thumb) {}

  public record Sticker(
      String fileId,
      String fileUniqueId,
      String emoji,
      Long fileSize,
      Boolean isAnimated,
      Boolean isVideo,
      PhotoSize thumbnail,
      PhotoSize thumb) {}

  public record Contact(String phoneNumber, String firstName, String lastName, Long userId) {}

  public record Location(Double latitude, Double longitude) {}

  /**
   * A file as getFile answers it: {@code filePath} is what to download from {@code
   * <base>/file/bot<token>/<file_path>}, valid for at least an hour; null when Telegram cannot
   * serve it.
   */
  public record TelegramFile(String fileId, String fileUniqueId, Long fileSize, String filePath) {}

  /** The thumbnail under either of its names, or null. */
  public static PhotoSize thumbnailOf(PhotoSize thumbnail, PhotoSize thumb) {
    return thumbnail != null ? thumbnail : thumb;
  }
}
