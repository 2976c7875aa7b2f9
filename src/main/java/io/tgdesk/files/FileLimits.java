package io.tgdesk.files;

import io.tgdesk.web.Problem;
import io.tgdesk.web.ProblemException;
import java.util.List;

/** Telegram's limits on what a bot sends, and the problems that name them. */
public final class FileLimits {

  private FileLimits() {}

  private static final long MB = 1024L * 1024L;

  /** The cloud Bot API's largest upload. */
  public static final long CLOUD_UPLOAD_BYTES = 50 * MB;

  /** The largest photo, on either server. */
  public static final long PHOTO_BYTES = 10 * MB;

  /** The largest upload through a Local Bot API server. */
  public static final long LOCAL_UPLOAD_BYTES = 2000 * MB;

  /** The longest caption of a media message. */
  public static final int MAX_CAPTION = 1024;

  /** The most items of an album (sendMediaGroup), and the least. */
  public static final int MAX_ALBUM_ITEMS = 10;

  public static final int MIN_ALBUM_ITEMS = 2;

  /** The largest file of this kind a bot may upload. */
  public static long maxBytes(FileKind kind, boolean localBotApi) {
    if (kind == FileKind.PHOTO) {
      return PHOTO_BYTES;
    }
    return localBotApi ? LOCAL_UPLOAD_BYTES : CLOUD_UPLOAD_BYTES;
  }

  /** The largest file any bot may upload (what an upload without a bot is held to). */
  public static long maxBytesOfAnyBot() {
    return LOCAL_UPLOAD_BYTES;
  }

  /** In words, for problems: "50 MB (the cloud Bot API's limit per upload)". */
  public static String describe(FileKind kind, boolean localBotApi) {
    if (kind == FileKind.PHOTO) {
      return "10 MB (Telegram's limit for a photo; send it as a document to keep it whole)";
    }
    return localBotApi
        ? "2000 MB (a Local Bot API server's limit per upload)"
        : "50 MB (the cloud Bot API's limit per upload; a bot on a Local Bot API server may send"
            + " up to 2000 MB)";
  }

  /** 422 naming the field and what is wrong with it. */
  public static ProblemException unprocessable(String field, String message) {
    return new ProblemException(
        422,
        "Unprocessable request",
        field + ": " + message,
        List.of(new Problem.FieldError(field, message)));
  }

  /** 413 naming the limit a file passed. */
  public static ProblemException tooLarge(String name, long size, String limit) {
    return new ProblemException(
        413,
        "Payload too large",
        "The file " + name + " (" + size + " bytes) is larger than " + limit + ".");
  }

  /** 422 when a caption is longer than Telegram takes. */
  public static void checkCaption(String field, String caption) {
    if (caption != null && caption.length() > MAX_CAPTION) {
      throw unprocessable(
          field,
          "is longer than "
              + MAX_CAPTION
              + " characters, Telegram's limit for the caption of a file");
    }
  }
}
