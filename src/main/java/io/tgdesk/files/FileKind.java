package io.tgdesk.files;

import java.util.Locale;
import java.util.Optional;

/**
 * How a file is sent: the Bot API method, the name of its file field, and whether it may be an item
 * of an album (sendMediaGroup takes photos and videos together; documents and audio only with their
 * own kind, which TgDesk does not group).
 */
public enum FileKind {
  PHOTO("sendPhoto", "photo", true),
  DOCUMENT("sendDocument", "document", false),
  VIDEO("sendVideo", "video", true),
  AUDIO("sendAudio", "audio", false),
  VOICE("sendVoice", "voice", false);

  private final String method;
  private final String field;
  private final boolean albumItem;

  FileKind(String method, String field, boolean albumItem) {
    this.method = method;
    this.field = field;
    this.albumItem = albumItem;
  }

  /** The Bot API method that sends one file of this kind, e.g. sendPhoto. */
  public String method() {
    return method;
  }

  /** The parameter (and media type in an album) of this kind, e.g. photo. */
  public String field() {
    return field;
  }

  /** Whether several files of this kind go out as one album (sendMediaGroup). */
  public boolean albumItem() {
    return albumItem;
  }

  public String wireName() {
    return field;
  }

  public static Optional<FileKind> parse(String name) {
    if (name == null) {
      return Optional.empty();
    }
    String n = name.trim().toLowerCase(Locale.ROOT);
    for (FileKind k : values()) {
      if (k.field.equals(n)) {
        return Optional.of(k);
      }
    }
    return Optional.empty();
  }

  /**
   * The kind a file is sent as when the agent names none: pictures Telegram shows as photos (JPEG,
   * PNG, WebP up to 10 MB) as photos, MP4 as video, OGG/Opus as a voice note, other audio as audio,
   * anything else as a document.
   */
  public static FileKind infer(String contentType, long size) {
    String t = contentType == null ? "" : contentType.toLowerCase(Locale.ROOT);
    if ((t.equals("image/jpeg") || t.equals("image/png") || t.equals("image/webp"))
        && size <= FileLimits.PHOTO_BYTES) {
      return PHOTO;
    }
    if (t.equals("video/mp4")) {
      return VIDEO;
    }
    if (t.equals("audio/ogg") || t.equals("audio/opus")) {
      return VOICE;
    }
    if (t.startsWith("audio/")) {
      return AUDIO;
    }
    return DOCUMENT;
  }
}
