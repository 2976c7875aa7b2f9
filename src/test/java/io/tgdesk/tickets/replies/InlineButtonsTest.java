package io.tgdesk.tickets.replies;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.tgdesk.tickets.replies.InlineButtons.Button;
import io.tgdesk.web.Problem;
import io.tgdesk.web.ProblemException;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class InlineButtonsTest {

  @Test
  void aValueOverSixtyFourBytesOfUtf8IsRefusedNamingTheButtonAndTheLimit() {
    // 33 Cyrillic letters: 33 characters, 66 bytes.
    List<List<Button>> rows =
        List.of(List.of(new Button("Ok", "ok"), new Button("Да", "д".repeat(33))));

    ProblemException e =
        catchThrowableOfType(ProblemException.class, () -> InlineButtons.validate(rows));

    assertThat(e.status()).isEqualTo(422);
    assertThat(e.errors())
        .extracting(Problem.FieldError::field, Problem.FieldError::message)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(
                "buttons[0][1].value",
                "is 66 bytes in UTF-8; Telegram's callback_data holds at most 64 bytes"));
  }

  @Test
  void sixtyFourBytesAreAcceptedAndTheKeyboardKeepsRowsAndOrder() {
    List<List<Button>> rows =
        List.of(
            List.of(new Button("A", "x".repeat(64)), new Button("B", "b")),
            List.of(new Button("C", "c")));

    InlineButtons.validate(rows);

    assertThat(InlineButtons.replyMarkup(rows).toString())
        .isEqualTo(
            "{\"inline_keyboard\":[[{\"text\":\"A\",\"callback_data\":\""
                + "x".repeat(64)
                + "\"},{\"text\":\"B\",\"callback_data\":\"b\"}],"
                + "[{\"text\":\"C\",\"callback_data\":\"c\"}]]}");
    assertThat(InlineButtons.fromJson(InlineButtons.toJson(rows))).isEqualTo(rows);
  }

  @Test
  void tooManyRowsButtonsAndTheRatingsPrefixAreRefused() {
    List<List<Button>> eleven = Collections.nCopies(11, List.of(new Button("A", "a")));
    List<List<Button>> wideRow = List.of(Collections.nCopies(9, new Button("A", "a")));
    List<List<Button>> reserved = List.of(List.of(new Button("5", "csat:1:5")));

    assertThat(fields(eleven)).containsExactly("buttons");
    assertThat(fields(wideRow)).containsExactly("buttons[0]");
    assertThat(fields(reserved)).containsExactly("buttons[0][0].value");
  }

  private static List<String> fields(List<List<Button>> rows) {
    return catchThrowableOfType(ProblemException.class, () -> InlineButtons.validate(rows))
        .errors()
        .stream()
        .map(Problem.FieldError::field)
        .toList();
  }
}
