package io.tgdesk.egress;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EgressGuardTest {

  /** Names resolve from this table only: no DNS in a unit test. */
  static final Map<String, String> DNS =
      Map.of(
          "api.telegram.org", "149.154.167.220",
          "botapi.internal", "10.1.2.3",
          "localhost", "127.0.0.1",
          "metadata.google.internal", "169.254.169.254");

  static InetAddress[] resolve(String host) throws UnknownHostException {
    String address = DNS.getOrDefault(host, host.matches("[0-9.:a-fA-F]+") ? host : null);
    if (address == null) {
      throw new UnknownHostException(host);
    }
    return new InetAddress[] {InetAddress.getByName(address)};
  }

  static EgressGuard production(String... allowed) {
    return new EgressGuard(true, List.of(allowed), EgressGuardTest::resolve);
  }

  @Test
  void productionRefusesLoopbackPrivateLinkLocalAndMetadataDestinations() {
    EgressGuard guard = production();
    for (String url :
        List.of(
            "http://127.0.0.1:8081",
            "http://localhost:8081",
            "http://[::1]:8081",
            "http://10.1.2.3",
            "http://botapi.internal",
            "http://192.168.0.10",
            "http://172.16.5.5",
            "http://100.64.0.1",
            "http://169.254.169.254/latest/meta-data",
            "http://metadata.google.internal",
            "http://[fd00::1]",
            "http://[fe80::1]",
            "http://0.0.0.0")) {
      assertThat(guard.refusal(URI.create(url))).as(url).isPresent();
    }
    assertThat(guard.refusal(URI.create("http://169.254.169.254")).orElseThrow())
        .contains("link-local")
        .contains("tgdesk.egress.allowed-hosts");
  }

  @Test
  void productionAllowsPublicHostsAndWhatTheAllowListNames() {
    assertThat(production().refusal(URI.create("https://api.telegram.org"))).isEmpty();
    EgressGuard guard = production("localhost", "10.0.0.0/8", "192.168.0.10");
    assertThat(guard.refusal(URI.create("http://localhost:8081"))).isEmpty();
    assertThat(guard.refusal(URI.create("http://botapi.internal:8081"))).isEmpty();
    assertThat(guard.refusal(URI.create("http://192.168.0.10"))).isEmpty();
    assertThat(guard.refusal(URI.create("http://192.168.0.11"))).isPresent();
    assertThat(guard.refusal(URI.create("http://127.0.0.1:8081"))).isPresent();
  }

  @Test
  void productionRefusesAHostThatCannotBeResolved() {
    assertThat(production().refusal(URI.create("https://nowhere.invalid"))).isPresent();
  }

  @Test
  void developmentKeepsLoopbackAndPrivateAllowedButNotLinkLocal() {
    EgressGuard guard = new EgressGuard(false, List.of(), EgressGuardTest::resolve);
    assertThat(guard.refusal(URI.create("http://127.0.0.1:41234"))).isEmpty();
    assertThat(guard.refusal(URI.create("http://localhost:41234"))).isEmpty();
    assertThat(guard.refusal(URI.create("http://10.1.2.3"))).isEmpty();
    assertThat(guard.refusal(URI.create("http://nowhere.invalid"))).isEmpty();
    assertThat(guard.refusal(URI.create("http://169.254.169.254"))).isPresent();
  }
}
