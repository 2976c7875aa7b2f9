package io.tgdesk.telegram.bots;

import io.tgdesk.telegram.botapi.BotApiClient;
import io.tgdesk.telegram.botapi.BotApiException;
import io.tgdesk.telegram.botapi.Chat;
import io.tgdesk.web.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Asks Telegram (getChat) whether a chat a bot is to serve is a forum supergroup: the check of
 * topic groups and agents groups at registration.
 */
@ApplicationScoped
public class ForumChats {

  @Inject BotApiClient botApi;

  /**
   * The chat, when the bot sees it and it is a supergroup with topics.
   *
   * @param role what the chat is to become, for the error ("a topic group")
   * @throws ProblemException 422 when Telegram refuses or the chat is no forum, 502 when Telegram
   *     cannot be asked
   */
  public Chat requireForum(Bot bot, long chatId, String role) {
    Chat chat;
    try {
      chat = botApi.getChat(bot.endpoint(), chatId);
    } catch (BotApiException e) {
      // Only Telegram's refusal is about the group; a 5xx or no answer says nothing about it.
      throw BotApiProblems.of(
          "getChat",
          e,
          "Bot "
              + bot.id()
              + " cannot see chat "
              + chatId
              + ": add the bot to the group as an admin.");
    }
    if (!chat.isForumSupergroup()) {
      throw ProblemException.unprocessable(
          "Chat "
              + chatId
              + " is a "
              + chat.type()
              + (Boolean.TRUE.equals(chat.isForum()) ? "" : " without topics")
              + "; "
              + role
              + " must be a supergroup with topics enabled (is_forum).");
    }
    return chat;
  }
}
