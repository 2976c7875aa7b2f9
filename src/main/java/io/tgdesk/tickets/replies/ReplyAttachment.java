package io.tgdesk.tickets.replies;

import io.tgdesk.files.FileId;
import io.tgdesk.files.FileKind;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;

/** A file of an agent reply, in its place, with how it is sent (photo, document, ...). */
@Entity
@Table(name = "reply_attachment")
@IdClass(ReplyAttachment.Key.class)
public class ReplyAttachment {

  /** The composite key: message and position. */
  public record Key(long messageId, int position) implements Serializable {
    public Key() {
      this(0, 0);
    }
  }

  @Id
  @Column(name = "message_id")
  private long messageId;

  @Id
  @Column(name = "position")
  private int position;

  @Column(name = "file_id")
  private long fileId;

  @Column(name = "kind")
  private String kind;

  protected ReplyAttachment() {}

  ReplyAttachment(long messageId, int position, FileId file, FileKind kind) {
    this.messageId = messageId;
    this.position = position;
    this.fileId = file.value();
    this.kind = kind.wireName();
  }

  public long messageId() {
    return messageId;
  }

  public int position() {
    return position;
  }

  public FileId fileId() {
    return FileId.of(fileId);
  }

  public String kind() {
    return kind;
  }
}
