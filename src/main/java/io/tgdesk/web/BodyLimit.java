package io.tgdesk.web;

import io.tgdesk.config.WebSettings;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

/**
 * The largest request body the API reads, checked before anything parses it: against the declared
 * {@code Content-Length} first, then by counting the bytes as they are read (chunked bodies, or a
 * length that lies). The webhooks keep their own limit ({@code tgdesk.webhook.max-body-bytes}),
 * checked after their secret.
 */
public final class BodyLimit {

  /** The request attribute set once a body went over its limit. */
  static final String EXCEEDED = BodyLimit.class.getName() + ".exceeded";

  private BodyLimit() {}

  /** Thrown from a read that goes over the limit; answered 413 by the exception mappers. */
  public static final class TooLarge extends IOException {
    private final int limit;

    TooLarge(int limit) {
      super("The request body is larger than " + limit + " bytes.");
      this.limit = limit;
    }

    public int limit() {
      return limit;
    }
  }

  /**
   * The largest multipart upload (a file for {@code POST /api/files}, or a reply with files): a
   * Local Bot API server's 2,000 MB and 1 MiB for the other fields. The resource checks each file
   * against its own, smaller limit while it streams it into storage (the cloud Bot API's 50 MB, 10
   * MB for a photo), so a larger body is refused early without being held anywhere.
   */
  public static final int UPLOAD_MAX_BODY_BYTES = 2000 * 1024 * 1024 + 1024 * 1024;

  /**
   * As {@link #limitFor(WebSettings, String, String)}, for a request of this content type:
   * multipart uploads of files get {@link #UPLOAD_MAX_BODY_BYTES}.
   */
  public static int limitFor(WebSettings settings, String method, String path, String contentType) {
    if ("POST".equals(method)
        && contentType != null
        && contentType.toLowerCase(java.util.Locale.ROOT).startsWith("multipart/form-data")
        && (path.equals("/api/files") || path.matches("/api/tickets/[0-9]{1,19}/replies"))) {
      return UPLOAD_MAX_BODY_BYTES;
    }
    return limitFor(settings, method, path);
  }

  /**
   * The limit in bytes for a request, or -1 where the resource checks its own (the webhooks).
   *
   * @param path the path inside the application, e.g. /api/tickets/1/notes
   */
  public static int limitFor(WebSettings settings, String method, String path) {
    if (path.startsWith("/api/telegram/") || path.equals("/api/shopify/webhooks")) {
      return -1;
    }
    if ("POST".equals(method) && path.equals("/api/admin/messages")) {
      return settings.bulkMaxBodyBytes();
    }
    return settings.maxBodyBytes();
  }

  /** The request, its body counted: a read past {@code limit} bytes throws {@link TooLarge}. */
  static HttpServletRequest counting(HttpServletRequest request, int limit) {
    return new HttpServletRequestWrapper(request) {
      private ServletInputStream stream;

      @Override
      public ServletInputStream getInputStream() throws IOException {
        if (stream == null) {
          stream = new Counting(super.getInputStream(), limit, request);
        }
        return stream;
      }

      @Override
      public BufferedReader getReader() throws IOException {
        String encoding = getCharacterEncoding();
        Charset charset = encoding == null ? StandardCharsets.UTF_8 : Charset.forName(encoding);
        return new BufferedReader(new InputStreamReader(getInputStream(), charset));
      }
    };
  }

  /** The limit that was exceeded while reading this request's body, or -1. */
  static int exceeded(ServletRequest request, Throwable error) {
    for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof TooLarge tooLarge) {
        return tooLarge.limit();
      }
    }
    Object limit = request == null ? null : request.getAttribute(EXCEEDED);
    return limit instanceof Integer i ? i : -1;
  }

  private static final class Counting extends ServletInputStream {
    private final ServletInputStream in;
    private final int limit;
    private final ServletRequest request;
    private long count;

    Counting(ServletInputStream in, int limit, ServletRequest request) {
      this.in = in;
      this.limit = limit;
      this.request = request;
    }

    private void counted(long n) throws TooLarge {
      if (n > 0) {
        count += n;
        if (count > limit) {
          request.setAttribute(EXCEEDED, limit);
          throw new TooLarge(limit);
        }
      }
    }

    @Override
    public int read() throws IOException {
      int b = in.read();
      if (b >= 0) {
        counted(1);
      }
      return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
      int n = in.read(buffer, offset, length);
      counted(n);
      return n;
    }

    @Override
    public boolean isFinished() {
      return in.isFinished();
    }

    @Override
    public boolean isReady() {
      return in.isReady();
    }

    @Override
    public void setReadListener(ReadListener listener) {
      in.setReadListener(listener);
    }

    @Override
    public void close() throws IOException {
      in.close();
    }
  }
}
