package io.tgdesk.telegram.botapi;

/** A chat. {@code type} is private, group, supergroup or channel; ids are 64-bit. */
public record Chat(
    Long id,
    String type,
    String title,
    String username,
    String firstName,
    String lastName,
    Boolean isForum) {

  public boolean isPrivate() {
    return "private".equals(type);
  }

  public boolean isForumSupergroup() {
    return "supergroup".equals(type) && Boolean.TRUE.equals(isForum);
  }
}
