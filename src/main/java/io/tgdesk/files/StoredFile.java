package io.tgdesk.files;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * A file an agent uploaded: its name, type and size; its bytes are in {@link FileChunk}s until they
 * are cleaned up ({@code bytesDeletedAt}) a while after Telegram has the file.
 */
@Entity
@Table(name = "stored_file")
public class StoredFile {

  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  private Long id;

  @Column(name = "file_name")
  private String fileName;

  @Column(name = "content_type")
  private String contentType;

  @Column(name = "size_bytes")
  private long sizeBytes;

  @Column(name = "chunks")
  private int chunks;

  /** All its bytes are stored (an upload cut off half-way never is). */
  @Column(name = "complete")
  private boolean complete;

  @Column(name = "uploaded_by")
  private String uploadedBy;

  @Column(name = "created_at")
  private Instant createdAt;

  /** When a reply first named it; null for an upload never attached. */
  @Column(name = "attached_at")
  Instant attachedAt;

  /** When Telegram first had it. */
  @Column(name = "sent_at")
  private Instant sentAt;

  @Column(name = "bytes_deleted_at")
  private Instant bytesDeletedAt;

  protected StoredFile() {}

  StoredFile(String fileName, String contentType, String uploadedBy, Instant now) {
    this.fileName = fileName;
    this.contentType = contentType;
    this.uploadedBy = uploadedBy;
    this.createdAt = now;
  }

  public FileId id() {
    return FileId.of(id);
  }

  public String fileName() {
    return fileName;
  }

  public String contentType() {
    return contentType;
  }

  public long sizeBytes() {
    return sizeBytes;
  }

  int chunks() {
    return chunks;
  }

  public boolean complete() {
    return complete;
  }

  public String uploadedBy() {
    return uploadedBy;
  }

  public Instant createdAt() {
    return createdAt;
  }

  public Instant sentAt() {
    return sentAt;
  }

  public Instant bytesDeletedAt() {
    return bytesDeletedAt;
  }

  /** Whether its bytes are still here (an upload is possible). */
  public boolean hasBytes() {
    return complete && bytesDeletedAt == null;
  }

  void stored(long size, int chunks) {
    this.sizeBytes = size;
    this.chunks = chunks;
    this.complete = true;
  }

  void attached(Instant now) {
    if (attachedAt == null) {
      attachedAt = now;
    }
  }

  void sent(Instant now) {
    if (sentAt == null) {
      sentAt = now;
    }
  }

  void bytesDeleted(Instant now) {
    bytesDeletedAt = now;
  }
}
