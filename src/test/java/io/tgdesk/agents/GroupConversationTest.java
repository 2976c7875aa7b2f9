package io.tgdesk.agents;

import static org.assertj.core.api.Assertions.assertThat;

import io.tgdesk.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class GroupConversationTest {

  @Test
  void aCommandIsNamedWithoutItsSlashBotNameAndCase() {
    assertThat(GroupConversation.commandName("/Close@acme_bot")).isEqualTo("close");
    assertThat(GroupConversation.commandName("/assign @bob")).isEqualTo("assign");
    assertThat(GroupConversation.commandName("/canned\tshipping")).isEqualTo("canned");
  }

  @Test
  void theArgumentIsWhatFollowsTheCommandStripped() {
    assertThat(GroupConversation.argumentOf("/canned  shipping info ")).isEqualTo("shipping info");
    assertThat(GroupConversation.argumentOf("/me")).isNull();
    assertThat(GroupConversation.argumentOf("/note   ")).isNull();
  }

  @Test
  void anAssigneeLosesItsAtSign() {
    assertThat(GroupConversation.stripAt("@bob")).isEqualTo("bob");
    assertThat(GroupConversation.stripAt("bob")).isEqualTo("bob");
    assertThat(GroupConversation.stripAt("@")).isNull();
    assertThat(GroupConversation.stripAt(null)).isNull();
  }

  @Test
  void aLinkCodeWorksOnceAndOnlyUntilItExpires() {
    MutableClock clock = MutableClock.at("2026-12-04T10:00:00Z");
    TelegramLinkCode code =
        new TelegramLinkCode(
            TelegramLinks.hash("K7QX2MPA9R"),
            "alice",
            clock.instant(),
            clock.instant().plus(TelegramLinks.LIFETIME));

    clock.advance(TelegramLinks.LIFETIME.minusSeconds(1));
    assertThat(TelegramLinks.refusal(code, clock.instant())).isEmpty();
    clock.advance(Duration.ofSeconds(1));
    assertThat(TelegramLinks.refusal(code, clock.instant()))
        .hasValueSatisfying(why -> assertThat(why).contains("expired"));

    clock.set(Instant.parse("2026-12-04T10:01:00Z"));
    code.use(123, clock.instant());
    assertThat(TelegramLinks.refusal(code, clock.instant()))
        .hasValueSatisfying(why -> assertThat(why).contains("used already"));
    assertThat(TelegramLinks.refusal(null, clock.instant())).isPresent();
  }

  @Test
  void linkCodesAreStoredAsTheirSha256() {
    assertThat(TelegramLinks.hash("ABC"))
        .isEqualTo("b5d4045c3f466fa91fe2cc6abe79232a1a57cdf104f7a26e716e0a1e2789df78")
        .hasSize(64);
  }
}
