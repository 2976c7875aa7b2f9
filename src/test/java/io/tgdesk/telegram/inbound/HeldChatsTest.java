package io.tgdesk.telegram.inbound;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class HeldChatsTest {

  private static final Instant RETRY = Instant.parse("2026-12-05T10:00:00Z");
  private static final long FORUM = -1002233445566L;

  @Test
  void aFailedUpdateInAForumTopicHoldsOnlyThatTopicsLaterUpdates() {
    HeldChats held =
        HeldChats.of(List.of(new HeldChats.Hold(new UpdateChat.Place(FORUM, 77L), 10, RETRY)));

    assertThat(held.before(new UpdateChat.Place(FORUM, 77L), 11)).isPresent();
    assertThat(held.before(new UpdateChat.Place(FORUM, 77L), 9)).isEmpty();
    assertThat(held.before(new UpdateChat.Place(FORUM, 78L), 11)).isEmpty();
    assertThat(held.before(new UpdateChat.Place(FORUM, null), 11)).isEmpty();
  }

  @Test
  void aChatsEarliestFailedUpdateHoldsIt() {
    UpdateChat.Place chat = new UpdateChat.Place(42L, null);
    HeldChats held = new HeldChats();
    held.hold(new HeldChats.Hold(chat, 20, RETRY.plusSeconds(60)));
    held.hold(new HeldChats.Hold(chat, 10, RETRY));
    held.hold(new HeldChats.Hold(chat, 30, RETRY.plusSeconds(90)));

    assertThat(held.before(chat, 25)).get().extracting(HeldChats.Hold::updateId).isEqualTo(10L);
    assertThat(held.before(chat, 10)).isEmpty();
  }
}
