package io.tgdesk.files;

import java.time.Instant;

/**
 * A stored file as agents see it. {@code bytesKept}: its bytes are still stored (false once they
 * were cleaned up after sending; Telegram's file_id is kept and used instead).
 */
public record FileView(
    long id,
    String fileName,
    String contentType,
    long size,
    String uploadedBy,
    Instant createdAt,
    Instant sentAt,
    boolean bytesKept) {

  public static FileView of(StoredFile f) {
    return new FileView(
        f.id().value(),
        f.fileName(),
        f.contentType(),
        f.sizeBytes(),
        f.uploadedBy(),
        f.createdAt(),
        f.sentAt(),
        f.hasBytes());
  }
}
