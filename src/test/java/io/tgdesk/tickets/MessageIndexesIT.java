package io.tgdesk.tickets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.tgdesk.testing.DependsOnDatabase;
import io.tgdesk.testing.TestDatabase;
import java.sql.Connection;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * The indexes PostgreSQL may choose among when it looks up a customer's message by its Telegram id,
 * which happens for every message a customer sends.
 */
@DependsOnDatabase
public class MessageIndexesIT {

  /**
   * The lookup names the bot, the chat, the business connection and the Telegram message id: the
   * unique key. PostgreSQL plans it once for each pooled connection and may keep that plan, made
   * while the table was empty or not yet analysed, when two indexes cost the same. An index that
   * also begins with the bot then costs the same, and scans every message of the bot for each
   * message a customer sends.
   */
  @Test
  void onlyTheUniqueKeyBeginsWithTheBotSoAMessageIsNeverLookedUpAmongAllTheBotsMessages()
      throws Exception {
    assumeTrue(TestDatabase.isPostgres(), "the server holds embedded Derby while it runs");
    List<String> leadingWithBot = new ArrayList<>();
    try (Connection c = TestDatabase.open();
        ResultSet r =
            c.getMetaData()
                .getIndexInfo(null, c.getSchema(), "conversation_message", false, false)) {
      while (r.next()) {
        if (r.getShort("ORDINAL_POSITION") == 1
            && "bot_id".equalsIgnoreCase(r.getString("COLUMN_NAME"))) {
          leadingWithBot.add(r.getString("INDEX_NAME").toLowerCase(Locale.ROOT));
        }
      }
    }
    assertThat(leadingWithBot).containsExactly("uq_message_telegram_id");
  }
}
