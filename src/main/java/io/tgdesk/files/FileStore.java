package io.tgdesk.files;

import io.tgdesk.config.FileSettings;
import io.tgdesk.web.BodyLimit;
import io.tgdesk.web.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Keeps agents' files in the database until Telegram has them, on whichever server: an upload is
 * streamed in chunks of {@link #CHUNK_BYTES} (never held whole), read back as a stream, and once a
 * bot sent it, Telegram's file_id for that bot is recorded. The total kept is bounded ({@link
 * FileSettings#maxTotalBytes()}); bytes are deleted a while after sending ({@link #cleanUp}).
 * Thread-safe.
 */
@ApplicationScoped
public class FileStore {

  /** The size of one stored chunk: 1 MiB. */
  public static final int CHUNK_BYTES = 1024 * 1024;

  private static final Duration UNATTACHED_AT_LEAST = Duration.ofHours(1);

  @PersistenceContext EntityManager em;
  @Inject Clock clock;
  @Inject FileSettings settings;

  /**
   * Streams an upload into storage, in one transaction: a refused or broken upload leaves nothing.
   *
   * @param maxBytes the largest file accepted; {@code limit} says it in words for the 413
   * @throws ProblemException 413 past {@code maxBytes}, 422 for an empty file, 507 when storage
   *     would pass its total
   */
  @Transactional
  public StoredFile store(
      String fileName,
      String contentType,
      InputStream in,
      String uploadedBy,
      long maxBytes,
      String limit) {
    String name = cleanName(fileName);
    StoredFile file = new StoredFile(name, cleanType(contentType), uploadedBy, clock.instant());
    em.persist(file);
    em.flush();
    long id = file.id().value();
    long kept = keptBytes();
    byte[] buffer = new byte[CHUNK_BYTES];
    long size = 0;
    int seq = 0;
    try {
      while (true) {
        int n = in.readNBytes(buffer, 0, CHUNK_BYTES);
        if (n == 0) {
          break;
        }
        size += n;
        if (size > maxBytes) {
          throw FileLimits.tooLarge(name, size, limit);
        }
        if (kept + size > settings.maxTotalBytes()) {
          throw full(kept);
        }
        FileChunk chunk = new FileChunk(id, seq++, Arrays.copyOf(buffer, n));
        em.persist(chunk);
        em.flush();
        em.detach(chunk); // its bytes need not stay in the persistence context
      }
    } catch (BodyLimit.TooLarge e) {
      throw new UncheckedIOException(e); // answered 413 by the mappers
    } catch (IOException e) {
      throw ProblemException.badRequest(
          "The upload of " + name + " broke off after " + size + " bytes; nothing was kept.");
    }
    if (size == 0) {
      throw FileLimits.unprocessable("file", "is empty (Telegram sends no empty files)");
    }
    file.stored(size, seq);
    return file;
  }

  private ProblemException full(long kept) {
    return new ProblemException(
        507,
        "Insufficient storage",
        "Storage for agents' files is full: "
            + kept / (1024 * 1024)
            + " MB of "
            + settings.maxTotalBytes() / (1024 * 1024)
            + " MB (tgdesk.files.max-total-mb) are kept for files waiting for Telegram or sent"
            + " less than "
            + settings.keepSent().toSeconds()
            + " s ago (tgdesk.files.keep-sent-seconds). Nothing was kept; try again once files"
            + " were sent and cleaned up, or ask an admin to raise the limit.");
  }

  /** The bytes kept now: of every file whose bytes are not deleted, complete or being stored. */
  public long keptBytes() {
    Long sum =
        em.createQuery(
                "select sum(f.sizeBytes) from StoredFile f where f.bytesDeletedAt is null",
                Long.class)
            .getSingleResult();
    return sum == null ? 0 : sum;
  }

  public Optional<StoredFile> find(FileId id) {
    return Optional.ofNullable(em.find(StoredFile.class, id.value()));
  }

  /** The file, or 404. */
  public StoredFile get(FileId id) {
    return find(id).orElseThrow(() -> ProblemException.notFound("No file with id " + id + "."));
  }

  /**
   * A reply names the file: it is kept until sent, and is no longer an upload left unused. Joins
   * the caller's transaction.
   *
   * @throws ProblemException 404 for no such file, 409 when its bytes are gone and the bot has no
   *     file_id of it
   */
  @Transactional(Transactional.TxType.MANDATORY)
  public StoredFile attach(FileId id, long botId) {
    StoredFile file = get(id);
    if (!file.hasBytes() && telegramFileId(id, botId).isEmpty()) {
      throw ProblemException.conflict(
          "The bytes of file "
              + id
              + " were cleaned up after it was sent, and this ticket's bot never sent it; upload"
              + " it again.");
    }
    file.attached(clock.instant());
    return file;
  }

  /** Telegram's file_id of the file for this bot, if the bot sent it. */
  public Optional<String> telegramFileId(FileId id, long botId) {
    return em.createQuery(
            "select r.telegramFileId from FileReference r where r.fileId = :f and r.botId = :b",
            String.class)
        .setParameter("f", id.value())
        .setParameter("b", botId)
        .getResultStream()
        .findFirst();
  }

  /**
   * Records that the bot sent the file and Telegram knows it as {@code telegramFileId}; the next
   * send through this bot names it instead of uploading. Its own transaction: it must stay even if
   * the outcome of the call is written later or fails.
   */
  @Transactional(Transactional.TxType.REQUIRES_NEW)
  public void recordSent(FileId id, long botId, String telegramFileId) {
    StoredFile file = em.find(StoredFile.class, id.value());
    if (file == null) {
      return;
    }
    Instant now = clock.instant();
    FileReference known = em.find(FileReference.class, new FileReference.Key(id.value(), botId));
    if (known == null) {
      em.persist(new FileReference(id.value(), botId, telegramFileId, now));
    }
    file.sent(now);
  }

  /**
   * Opens the file's bytes as a stream that reads one chunk at a time from the database (no
   * transaction needed; each chunk is one query).
   *
   * @throws IllegalStateException when its bytes are gone
   */
  public InputStream open(StoredFile file) {
    if (!file.hasBytes()) {
      throw new IllegalStateException("The bytes of file " + file.id() + " are gone");
    }
    long id = file.id().value();
    int chunks = file.chunks();
    return new ChunkStream(chunks, seq -> chunk(id, seq));
  }

  byte[] chunk(long fileId, int seq) {
    List<byte[]> data =
        em.createQuery(
                "select c.data from FileChunk c where c.fileId = :f and c.seq = :s", byte[].class)
            .setParameter("f", fileId)
            .setParameter("s", seq)
            .getResultList();
    if (data.isEmpty()) {
      throw new UncheckedIOException(
          new IOException("Chunk " + seq + " of file " + fileId + " is missing"));
    }
    return data.get(0);
  }

  /**
   * Deletes the bytes of files Telegram has had for longer than {@code
   * tgdesk.files.keep-sent-seconds} (their file_ids stay), and the uploads no reply named within
   * that time (at least an hour).
   *
   * @return how many files lost their bytes
   */
  @Transactional
  public int cleanUp(int batch) {
    Instant now = clock.instant();
    List<StoredFile> sent =
        em.createQuery(
                "select f from StoredFile f where f.sentAt < :before and f.bytesDeletedAt is null"
                    + " order by f.id",
                StoredFile.class)
            .setParameter("before", now.minus(settings.keepSent()))
            .setMaxResults(batch)
            .getResultList();
    for (StoredFile f : sent) {
      deleteChunks(f);
      f.bytesDeleted(now);
    }
    Duration unattached =
        settings.keepSent().compareTo(UNATTACHED_AT_LEAST) < 0
            ? UNATTACHED_AT_LEAST
            : settings.keepSent();
    List<StoredFile> unused =
        em.createQuery(
                "select f from StoredFile f where f.attachedAt is null and f.createdAt < :before"
                    + " order by f.id",
                StoredFile.class)
            .setParameter("before", now.minus(unattached))
            .setMaxResults(batch)
            .getResultList();
    for (StoredFile f : unused) {
      deleteChunks(f);
      em.createQuery("delete from FileReference r where r.fileId = :f")
          .setParameter("f", f.id().value())
          .executeUpdate();
      em.remove(f);
    }
    return sent.size() + unused.size();
  }

  private void deleteChunks(StoredFile f) {
    em.createQuery("delete from FileChunk c where c.fileId = :f")
        .setParameter("f", f.id().value())
        .executeUpdate();
  }

  /** Deletes an upload that no reply took (the reply that came with it was refused). */
  @Transactional
  public void discard(FileId id) {
    StoredFile f = em.find(StoredFile.class, id.value());
    if (f != null && f.attachedAt == null) {
      deleteChunks(f);
      em.remove(f);
    }
  }

  /**
   * Deletes a file whole: its bytes, its name and Telegram's file_ids of it (a customer's data is
   * erased and no other reply names it). Joins the caller's transaction.
   */
  @Transactional(Transactional.TxType.MANDATORY)
  public void delete(FileId id) {
    StoredFile f = em.find(StoredFile.class, id.value());
    if (f != null) {
      deleteChunks(f);
      em.createQuery("delete from FileReference r where r.fileId = :f")
          .setParameter("f", id.value())
          .executeUpdate();
      em.remove(f);
    }
  }

  /** Forgets the file_ids a bot had (the bot is being deleted). Joins the caller's transaction. */
  @Transactional(Transactional.TxType.MANDATORY)
  public void forgetBot(long botId) {
    em.createQuery("delete from FileReference r where r.botId = :b")
        .setParameter("b", botId)
        .executeUpdate();
  }

  private static String cleanName(String name) {
    String n = name == null ? "" : name.replaceAll("[\\x00-\\x1f\\\\/]", "_").trim();
    if (n.isEmpty()) {
      n = "file";
    }
    return n.length() > 256 ? n.substring(n.length() - 256) : n;
  }

  private static String cleanType(String type) {
    if (type == null || type.isBlank() || type.length() > 128) {
      return "application/octet-stream";
    }
    return type.split(";", 2)[0].trim().toLowerCase(java.util.Locale.ROOT);
  }
}
