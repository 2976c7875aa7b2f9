package io.tgdesk.tickets.media;

import io.tgdesk.config.MediaSettings;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Downloaded customers' files on this server's disk ({@code tgdesk.media.cache-dir}), at most
 * {@code tgdesk.media.cache-max-bytes} in all: each file is {@code <key>.bin} with its content type
 * in {@code <key>.type}; a file's modification time is when it was last opened (from the injected
 * clock), and the least recently opened go first when the cap is passed. A cache, not a store:
 * losing it costs only downloads, so each server keeps its own and nothing of it is in the
 * database. Thread-safe: one lock guards lookups, additions and eviction; a file handed out is
 * already open, so that its eviction meanwhile does not cut the reader off.
 */
@ApplicationScoped
public class MediaCache {

  private static final Logger LOG = Logger.getLogger(MediaCache.class.getName());

  @Inject MediaSettings settings;
  @Inject Clock clock;

  private Path dir;

  /** A cached file, opened for reading. */
  public record Hit(InputStream content, long size, String contentType) {}

  @PostConstruct
  void open() {
    dir = settings.cacheDir();
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot create the media cache directory " + dir, e);
    }
  }

  /** A scratch file for a download, in the cache's directory (so that adding it is a rename). */
  public Path newScratchFile() throws IOException {
    return Files.createTempFile(dir, "download-", ".part");
  }

  /** The cached file for {@code key}, opened and marked as just used; empty when not cached. */
  public synchronized Optional<Hit> find(String key) {
    Path file = dir.resolve(key + ".bin");
    try {
      InputStream in = Files.newInputStream(file);
      Files.setLastModifiedTime(file, FileTime.from(clock.instant()));
      return Optional.of(new Hit(in, Files.size(file), readType(key)));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      LOG.log(Level.WARNING, "Could not read cached media " + key, e);
      return Optional.empty();
    }
  }

  /**
   * Moves a downloaded scratch file into the cache under {@code key}, evicts the least recently
   * used files beyond the cap, and returns it opened. A file larger than the cap on its own is
   * returned opened but not kept (nothing else is evicted for it).
   */
  public synchronized Hit add(String key, Path scratch, String contentType) throws IOException {
    Path file = dir.resolve(key + ".bin");
    Files.writeString(dir.resolve(key + ".type"), contentType == null ? "" : contentType);
    Files.move(scratch, file, StandardCopyOption.REPLACE_EXISTING);
    Files.setLastModifiedTime(file, FileTime.from(clock.instant()));
    InputStream in = Files.newInputStream(file);
    long size = Files.size(file);
    if (size > settings.cacheMaxBytes()) {
      // Larger than the whole cache: streamed from the open file, kept by nobody, and the others
      // stay.
      Files.deleteIfExists(file);
      Files.deleteIfExists(dir.resolve(key + ".type"));
      return new Hit(in, size, contentType);
    }
    evictBeyondCap();
    return new Hit(in, size, contentType);
  }

  /** Deletes the cached copies of these keys, if any. */
  public synchronized void forget(List<String> keys) {
    for (String key : keys) {
      try {
        Files.deleteIfExists(dir.resolve(key + ".bin"));
        Files.deleteIfExists(dir.resolve(key + ".type"));
      } catch (IOException e) {
        LOG.log(Level.WARNING, "Could not delete cached media " + key, e);
      }
    }
  }

  /** The bytes the cache holds now. */
  public synchronized long sizeInBytes() throws IOException {
    return entries().stream().mapToLong(Entry::size).sum();
  }

  private record Entry(Path file, long size, FileTime used) {}

  private void evictBeyondCap() throws IOException {
    List<Entry> entries = entries();
    long total = entries.stream().mapToLong(Entry::size).sum();
    entries.sort(
        Comparator.comparing(Entry::used).thenComparing(e -> e.file().getFileName().toString()));
    for (Entry e : entries) {
      if (total <= settings.cacheMaxBytes()) {
        break;
      }
      String name = e.file().getFileName().toString();
      Files.deleteIfExists(e.file());
      Files.deleteIfExists(dir.resolve(name.substring(0, name.length() - 4) + ".type"));
      total -= e.size();
    }
  }

  private List<Entry> entries() throws IOException {
    List<Entry> entries = new ArrayList<>();
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*.bin")) {
      for (Path f : files) {
        try {
          entries.add(new Entry(f, Files.size(f), Files.getLastModifiedTime(f)));
        } catch (NoSuchFileException e) {
          // deleted meanwhile
        }
      }
    }
    return entries;
  }

  private String readType(String key) {
    try {
      String type = Files.readString(dir.resolve(key + ".type"), StandardCharsets.UTF_8);
      return type.isBlank() ? null : type;
    } catch (IOException e) {
      return null;
    }
  }
}
