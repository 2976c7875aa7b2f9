package io.tgdesk.shopify.intake;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class SignaturesTest {

  private static final byte[] BODY = "{\"id\":1}".getBytes(StandardCharsets.UTF_8);

  @Test
  void signsAsBase64HmacSha256OfTheRawBytes() {
    // RFC 4231 test case 2: key "Jefe", data "what do ya want for nothing?".
    String sig =
        Signatures.sign("Jefe", "what do ya want for nothing?".getBytes(StandardCharsets.UTF_8));

    assertThat(java.util.HexFormat.of().formatHex(java.util.Base64.getDecoder().decode(sig)))
        .isEqualTo("5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
  }

  @Test
  void anySecretOfTheListVerifies() {
    String header = Signatures.sign("new", BODY);

    assertThat(Signatures.verify(List.of("old", "new"), BODY, header)).isTrue();
    assertThat(Signatures.verify(List.of("old"), BODY, header)).isFalse();
  }

  @Test
  void aChangedByteOrAMalformedOrMissingHeaderFails() {
    String header = Signatures.sign("s", BODY);
    byte[] changed = BODY.clone();
    changed[2] ^= 1;

    assertThat(Signatures.verify(List.of("s"), changed, header)).isFalse();
    assertThat(Signatures.verify(List.of("s"), BODY, "%%%")).isFalse();
    assertThat(Signatures.verify(List.of("s"), BODY, null)).isFalse();
    assertThat(Signatures.verify(List.of(), BODY, header)).isFalse();
  }
}
