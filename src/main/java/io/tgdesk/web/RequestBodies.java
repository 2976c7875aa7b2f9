package io.tgdesk.web;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;

/**
 * Reads the body of an anonymous webhook request, bounded in size and in time. Callers check every
 * header first (who is calling, with which credentials) and read only then: a stranger's body is
 * never waited for. Stateless and thread-safe; blocks the calling thread while the body arrives.
 */
public final class RequestBodies {

  /**
   * How long a body may take to arrive once reading has started. Telegram and Shopify send theirs
   * at once (Shopify gives up on an answer after 5 s).
   */
  public static final Duration MAX_READ_TIME = Duration.ofSeconds(5);

  private RequestBodies() {}

  /**
   * Refuses a body announced larger than {@code max} bytes without reading any of it.
   *
   * @throws ProblemException 413
   */
  public static void checkAnnounced(Long contentLength, int max) {
    if (contentLength != null && contentLength > max) {
      throw tooLarge(max);
    }
  }

  /**
   * The body's bytes: at most {@code max}, within {@link #MAX_READ_TIME} (checked between reads; a
   * read that blocks is ended by the server's own read timeout).
   *
   * @throws ProblemException 413 when it is larger (announced or sent), 408 when it comes too
   *     slowly
   */
  public static byte[] read(InputStream body, Long contentLength, int max) throws IOException {
    checkAnnounced(contentLength, max);
    if (body == null) {
      return new byte[0];
    }
    long deadline = System.nanoTime() + MAX_READ_TIME.toNanos();
    ByteArrayOutputStream out =
        new ByteArrayOutputStream(contentLength == null ? 8192 : (int) Math.max(0, contentLength));
    byte[] buffer = new byte[8192];
    for (int n; (n = body.read(buffer)) != -1; ) {
      out.write(buffer, 0, n);
      if (out.size() > max) {
        throw tooLarge(max);
      }
      if (System.nanoTime() > deadline) {
        throw new ProblemException(
            408,
            "Request timeout",
            "The body did not arrive within " + MAX_READ_TIME.toSeconds() + " s; nothing stored.");
      }
    }
    return out.toByteArray();
  }

  private static ProblemException tooLarge(int max) {
    return new ProblemException(
        413, "Payload too large", "The body is larger than " + max + " bytes; nothing was stored.");
  }
}
