package io.tgdesk.files;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Lob;
import jakarta.persistence.Table;
import java.io.Serializable;

/** One piece of a stored file's bytes, at most {@link FileStore#CHUNK_BYTES}. */
@Entity
@Table(name = "stored_file_chunk")
@IdClass(FileChunk.Key.class)
class FileChunk {

  /** The composite key: file and position. */
  public record Key(long fileId, int seq) implements Serializable {
    public Key() {
      this(0, 0);
    }
  }

  @Id
  @Column(name = "file_id")
  private long fileId;

  @Id
  @Column(name = "seq")
  private int seq;

  @Lob
  @Column(name = "data")
  private byte[] data;

  protected FileChunk() {}

  FileChunk(long fileId, int seq, byte[] data) {
    this.fileId = fileId;
    this.seq = seq;
    this.data = data;
  }
}
