package io.tgdesk.telegram.botapi;

/** A Telegram user or bot. */
public record User(
    Long id,
    Boolean isBot,
    String firstName,
    String lastName,
    String username,
    String languageCode) {

  public String displayName() {
    String name = firstName == null ? "" : firstName;
    if (lastName != null && !lastName.isBlank()) {
      name = name.isEmpty() ? lastName : name + " " + lastName;
    }
    if (name.isBlank() && username != null) {
      name = "@" + username;
    }
    return name;
  }
}
