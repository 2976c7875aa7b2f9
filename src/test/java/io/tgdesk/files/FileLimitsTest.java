package io.tgdesk.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tgdesk.web.ProblemException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class FileLimitsTest {

  private static final long MB = 1024L * 1024L;

  @Test
  void aPhotoIsHeldToTenMegabytesOnEitherServerAndOtherFilesTo50OrTo2000OnALocalServer() {
    assertThat(FileLimits.maxBytes(FileKind.PHOTO, false)).isEqualTo(10 * MB);
    assertThat(FileLimits.maxBytes(FileKind.PHOTO, true)).isEqualTo(10 * MB);
    assertThat(FileLimits.maxBytes(FileKind.DOCUMENT, false)).isEqualTo(50 * MB);
    assertThat(FileLimits.maxBytes(FileKind.VIDEO, true)).isEqualTo(2000 * MB);
    assertThat(FileLimits.describe(FileKind.DOCUMENT, false)).contains("50 MB", "2000 MB");
  }

  @Test
  void aCaptionOfMoreThan1024CharactersIs422NamingTheLimit() {
    FileLimits.checkCaption("text", "x".repeat(1024));

    assertThatThrownBy(() -> FileLimits.checkCaption("text", "x".repeat(1025)))
        .isInstanceOfSatisfying(
            ProblemException.class,
            p -> {
              assertThat(p.status()).isEqualTo(422);
              assertThat(p.getMessage()).contains("text", "1024");
            });
  }

  @Test
  void theKindFollowsTheTypeAndALargePictureGoesAsADocument() {
    assertThat(FileKind.infer("image/jpeg", 5 * MB)).isEqualTo(FileKind.PHOTO);
    assertThat(FileKind.infer("image/png", 11 * MB)).isEqualTo(FileKind.DOCUMENT);
    assertThat(FileKind.infer("video/mp4", MB)).isEqualTo(FileKind.VIDEO);
    assertThat(FileKind.infer("audio/ogg", MB)).isEqualTo(FileKind.VOICE);
    assertThat(FileKind.infer("audio/mpeg", MB)).isEqualTo(FileKind.AUDIO);
    assertThat(FileKind.infer("application/pdf", MB)).isEqualTo(FileKind.DOCUMENT);
    assertThat(FileKind.infer(null, 1)).isEqualTo(FileKind.DOCUMENT);
    assertThat(FileKind.parse(" Photo ")).contains(FileKind.PHOTO);
    assertThat(FileKind.parse("sticker")).isEmpty();
  }

  @Test
  void aChunkStreamReadsEachChunkOnceAndOnlyWhenNeeded() throws IOException {
    List<Integer> fetched = new ArrayList<>();
    byte[][] chunks = {{1, 2, 3}, {4, 5}, {6}};
    InputStream in =
        new ChunkStream(
            3,
            seq -> {
              fetched.add(seq);
              return chunks[seq];
            });

    assertThat(in.read()).isEqualTo(1);
    assertThat(fetched).containsExactly(0);
    byte[] rest = in.readAllBytes();

    assertThat(rest).containsExactly(2, 3, 4, 5, 6);
    assertThat(fetched).containsExactly(0, 1, 2);
    assertThat(in.read()).isEqualTo(-1);
    assertThat(new ByteArrayInputStream(new byte[0]).read()).isEqualTo(-1);
  }
}
