package io.tgdesk.egress;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * Decides whether TgDesk may send requests to a URL an admin gave (a bot's Bot API base URL, a host
 * event endpoint), so that the server cannot be pointed at its own network (SSRF): in production, a
 * host that is or resolves to a loopback, private (site-local, unique-local, carrier-grade NAT),
 * link-local (cloud metadata such as 169.254.169.254), unspecified or multicast address is refused
 * unless the allow-list names it (by host name, address or CIDR range). In development, loopback
 * and private addresses stay allowed (local fakes and simulators), link-local ones are refused all
 * the same.
 *
 * <p>Immutable and thread-safe. {@link #refusal} resolves the host name (a DNS lookup: it blocks).
 */
public final class EgressGuard {

  /** Resolves a host name; replaced in tests. */
  @FunctionalInterface
  public interface Resolver {
    InetAddress[] resolve(String host) throws UnknownHostException;
  }

  private final boolean production;
  private final List<String> allowed;
  private final Resolver resolver;

  public EgressGuard(boolean production, List<String> allowedHosts) {
    this(production, allowedHosts, InetAddress::getAllByName);
  }

  public EgressGuard(boolean production, List<String> allowedHosts, Resolver resolver) {
    this.production = production;
    this.allowed =
        allowedHosts.stream()
            .map(h -> h.trim().toLowerCase(Locale.ROOT))
            .filter(h -> !h.isEmpty())
            .toList();
    this.resolver = Objects.requireNonNull(resolver, "resolver");
  }

  /**
   * Why requests to this URL are refused, in words for the admin (naming the setting that would
   * allow it); empty when they are allowed. A URL without a host is left to the caller's own
   * validation.
   */
  public Optional<String> refusal(URI url) {
    String host = url.getHost();
    if (host == null) {
      return Optional.empty();
    }
    String bare =
        host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    String name = bare.toLowerCase(Locale.ROOT);
    if (allowed.contains(name)) {
      return Optional.empty();
    }
    InetAddress[] addresses;
    try {
      addresses = resolver.resolve(bare);
    } catch (UnknownHostException e) {
      return production
          ? Optional.of("host " + host + " cannot be resolved")
          : Optional.empty(); // the call itself will say so
    }
    for (InetAddress a : addresses) {
      String kind = internalKind(a);
      if (kind == null || allowedAddress(a)) {
        continue;
      }
      boolean devAllowed = !production && !kind.equals("link-local");
      if (!devAllowed) {
        return Optional.of(
            "host "
                + host
                + " is a "
                + kind
                + " address; list it in tgdesk.egress.allowed-hosts (TGDESK_EGRESS_ALLOWED_HOSTS)"
                + " if it is meant, e.g. a Local Bot API server");
      }
    }
    return Optional.empty();
  }

  /** What kind of internal address this is, or null for a public one. */
  static String internalKind(InetAddress a) {
    if (a.isLoopbackAddress()) {
      return "loopback";
    }
    if (a.isLinkLocalAddress()) {
      return "link-local";
    }
    if (a.isAnyLocalAddress()) {
      return "unspecified";
    }
    if (a.isMulticastAddress()) {
      return "multicast";
    }
    if (a.isSiteLocalAddress()) {
      return "private";
    }
    byte[] b = a.getAddress();
    if (a instanceof Inet4Address) {
      int first = b[0] & 0xff;
      int second = b[1] & 0xff;
      if (first == 0) {
        return "unspecified";
      }
      if (first == 100 && second >= 64 && second < 128) {
        return "private"; // carrier-grade NAT, 100.64.0.0/10
      }
      if (first == 198 && (second == 18 || second == 19)) {
        return "private"; // benchmarking, 198.18.0.0/15
      }
    }
    if (a instanceof Inet6Address) {
      if ((b[0] & 0xfe) == 0xfc) {
        return "private"; // unique local, fc00::/7
      }
      if ((b[0] & 0xff) == 0xfe && (b[1] & 0xc0) == 0xc0) {
        return "private"; // deprecated site-local, fec0::/10
      }
    }
    return null;
  }

  private boolean allowedAddress(InetAddress a) {
    for (String entry : allowed) {
      if (matches(entry, a)) {
        return true;
      }
    }
    return false;
  }

  /** An allow-list entry: an address, or an address range in CIDR notation. */
  static boolean matches(String entry, InetAddress a) {
    int slash = entry.indexOf('/');
    String base = slash < 0 ? entry : entry.substring(0, slash);
    if (!looksLikeAddress(base)) {
      return false;
    }
    byte[] net;
    try {
      net = InetAddress.getByName(base).getAddress(); // a literal: no lookup
    } catch (UnknownHostException e) {
      return false;
    }
    byte[] addr = a.getAddress();
    if (net.length != addr.length) {
      return false;
    }
    int bits;
    try {
      bits = slash < 0 ? net.length * 8 : Integer.parseInt(entry.substring(slash + 1));
    } catch (NumberFormatException e) {
      return false;
    }
    if (bits < 0 || bits > net.length * 8) {
      return false;
    }
    for (int i = 0; i < net.length && bits > 0; i++, bits -= 8) {
      int mask = bits >= 8 ? 0xff : (0xff << (8 - bits)) & 0xff;
      if ((net[i] & mask) != (addr[i] & mask)) {
        return false;
      }
    }
    return true;
  }

  private static boolean looksLikeAddress(String s) {
    return s.contains(":") || s.matches("[0-9.]+");
  }
}
