package io.tgdesk.files;

/** The id of a stored file (ours, not Telegram's file_id). */
public record FileId(long value) {

  public static FileId of(long value) {
    return new FileId(value);
  }

  @Override
  public String toString() {
    return Long.toString(value);
  }
}
