package io.tgdesk.files;

import java.io.InputStream;
import java.util.function.IntFunction;

/** Reads a stored file chunk after chunk, fetching the next one only when it is needed. */
final class ChunkStream extends InputStream {

  private final int chunks;
  private final IntFunction<byte[]> fetch;
  private int next;
  private byte[] current = new byte[0];
  private int pos;

  ChunkStream(int chunks, IntFunction<byte[]> fetch) {
    this.chunks = chunks;
    this.fetch = fetch;
  }

  private boolean fill() {
    while (pos >= current.length) {
      if (next >= chunks) {
        return false;
      }
      current = fetch.apply(next++);
      pos = 0;
    }
    return true;
  }

  @Override
  public int read() {
    return fill() ? current[pos++] & 0xff : -1;
  }

  @Override
  public int read(byte[] b, int off, int len) {
    if (len == 0) {
      return 0;
    }
    if (!fill()) {
      return -1;
    }
    int n = Math.min(len, current.length - pos);
    System.arraycopy(current, pos, b, off, n);
    pos += n;
    return n;
  }
}
