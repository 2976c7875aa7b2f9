package io.tgdesk.telegram.botapi;

/**
 * The forum topic service messages. Telegram sends {@code forum_topic_created} with name and icon,
 * {@code forum_topic_edited} with the new name (if changed), and empty objects for closed/reopened.
 */
public record ForumTopicEvent(String name, Integer iconColor, String iconCustomEmojiId) {}
