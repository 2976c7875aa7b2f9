package io.tgdesk.files;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.time.Instant;

/** Telegram's file_id of a stored file for one bot (a file_id is valid for its bot only). */
@Entity
@Table(name = "stored_file_reference")
@IdClass(FileReference.Key.class)
class FileReference {

  /** The composite key: file and bot. */
  public record Key(long fileId, long botId) implements Serializable {
    public Key() {
      this(0, 0);
    }
  }

  @Id
  @Column(name = "file_id")
  private long fileId;

  @Id
  @Column(name = "bot_id")
  private long botId;

  @Column(name = "telegram_file_id")
  private String telegramFileId;

  @Column(name = "recorded_at")
  private Instant recordedAt;

  protected FileReference() {}

  FileReference(long fileId, long botId, String telegramFileId, Instant now) {
    this.fileId = fileId;
    this.botId = botId;
    this.telegramFileId = telegramFileId;
    this.recordedAt = now;
  }

  String telegramFileId() {
    return telegramFileId;
  }
}
