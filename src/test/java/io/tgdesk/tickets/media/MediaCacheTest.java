package io.tgdesk.tickets.media;

import static org.assertj.core.api.Assertions.assertThat;

import io.tgdesk.config.MediaSettings;
import io.tgdesk.testing.MutableClock;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The media cache keeps at most its cap, evicting the least recently opened files first. */
class MediaCacheTest {

  @TempDir Path dir;
  final MutableClock clock = MutableClock.at("2026-12-04T05:00:00Z");

  private MediaCache cache(long maxBytes) {
    MediaCache cache = new MediaCache();
    cache.settings = new MediaSettings(dir, maxBytes);
    cache.clock = clock;
    cache.open();
    return cache;
  }

  private void add(MediaCache cache, String key, int bytes) throws IOException {
    Path scratch = cache.newScratchFile();
    Files.write(scratch, new byte[bytes]);
    clock.advance(Duration.ofSeconds(1));
    try (InputStream in = cache.add(key, scratch, "image/jpeg").content()) {
      assertThat(in.readAllBytes()).hasSize(bytes);
    }
  }

  private boolean cached(MediaCache cache, String key) throws IOException {
    clock.advance(Duration.ofSeconds(1));
    var hit = cache.find(key);
    if (hit.isPresent()) {
      hit.get().content().close();
    }
    return hit.isPresent();
  }

  @Test
  void aFileOpenedAgainOutlivesOneNotOpenedSince() throws IOException {
    MediaCache cache = cache(250);
    add(cache, "a", 100);
    add(cache, "b", 100);
    assertThat(cached(cache, "a")).isTrue(); // a is now more recent than b

    add(cache, "c", 100);

    assertThat(cached(cache, "b")).isFalse();
    assertThat(cached(cache, "a")).isTrue();
    assertThat(cached(cache, "c")).isTrue();
    assertThat(cache.sizeInBytes()).isEqualTo(200);
  }

  @Test
  void aFileLargerThanTheCapIsStreamedButNotKeptAndEvictsNothing() throws IOException {
    MediaCache cache = cache(250);
    add(cache, "a", 100);

    add(cache, "huge", 300);

    assertThat(cached(cache, "huge")).isFalse();
    assertThat(cached(cache, "a")).isTrue();
    assertThat(cache.find("a").orElseThrow().contentType()).isEqualTo("image/jpeg");
  }

  @Test
  void forgottenFilesLeaveTheCache() throws IOException {
    MediaCache cache = cache(1_000);
    add(cache, "a", 10);
    add(cache, "b", 10);

    cache.forget(java.util.List.of("a", "unknown"));

    assertThat(cached(cache, "a")).isFalse();
    assertThat(cached(cache, "b")).isTrue();
  }

  @Test
  void aCapOfZeroKeepsNothing() throws IOException {
    MediaCache cache = cache(0);
    add(cache, "a", 1);
    assertThat(cached(cache, "a")).isFalse();
    assertThat(cache.sizeInBytes()).isZero();
  }
}
