package io.tgdesk.telegram.inbound;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class UpdateStoreTest {

  @Test
  void anUpdateNamesAUserAsSenderQuotedAuthorOrContactButNotByAnIdThatMerelyStartsTheSame() {
    String sent = "{\"update_id\":5,\"message\":{\"message_id\":12,\"from\":{\"id\": 4242}}}";
    String contact = "{\"message\":{\"from\":{\"id\":1},\"contact\":{\"user_id\":4242}}}";
    String longer = "{\"message\":{\"message_id\":4242,\"from\":{\"id\":42421}}}";

    assertThat(UpdateStore.names(sent, 4242)).isTrue();
    assertThat(UpdateStore.names(contact, 4242)).isTrue();
    assertThat(UpdateStore.names(longer, 4242)).isFalse();
  }
}
