package io.tgdesk.testing;

import static io.tgdesk.testing.FakeTelegram.badRequest;
import static java.util.concurrent.TimeUnit.MILLISECONDS;
import static java.util.concurrent.TimeUnit.NANOSECONDS;

import io.tgdesk.testing.FakeTelegram.ApiError;
import io.tgdesk.testing.FakeTelegram.Delivered;
import io.tgdesk.testing.FakeTelegram.Limits;
import io.tgdesk.testing.FakeTelegram.WebhookState;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Everything {@link FakeTelegram} knows of one bot: its updates and webhook (intake), its chats,
 * messages and topics (delivery), its flood control, its delivery log and the faults a test
 * injected. Every method is guarded by the object's monitor, on which long polls wait; each
 * delivery method checks, counts and applies a call atomically.
 */
final class BotState {

  /** The General topic of a forum: addressed without message_thread_id. */
  static final long GENERAL_TOPIC = 1;

  /** The icon color of a topic created without one (0x6FB9F0, blue). */
  static final int DEFAULT_ICON_COLOR = 0x6FB9F0;

  /** The state a test can put a topic in. */
  enum TopicState {
    OPEN,
    CLOSED,
    DELETED
  }

  /**
   * What a message shows: {@code field} is {@code text}, {@code photo} or {@code document} with its
   * JSON value; {@code caption} is for media (null for none).
   */
  record Content(String field, JsonValue value, String caption) {

    static Content text(String text) {
      return new Content("text", Json.createValue(text), null);
    }

    static Content photo(String fileId, String caption) {
      JsonObject size =
          Json.createObjectBuilder()
              .add("file_id", fileId)
              .add("file_unique_id", uniqueId(fileId))
              .add("width", 1280)
              .add("height", 960)
              .build();
      return new Content("photo", Json.createArrayBuilder().add(size).build(), caption);
    }

    static Content document(String fileId, String caption) {
      JsonObject document =
          Json.createObjectBuilder()
              .add("file_id", fileId)
              .add("file_unique_id", uniqueId(fileId))
              .build();
      return new Content("document", document, caption);
    }

    /** What the delivery log shows: the text, or else the caption. */
    String shown() {
      return "text".equals(field) ? ((JsonString) value).getString() : caption;
    }

    private static String uniqueId(String fileId) {
      return "AQAD" + Integer.toHexString(fileId.hashCode());
    }
  }

  private static final String CONFLICT_OTHER_POLL =
      "Conflict: terminated by other getUpdates request;"
          + " make sure that only one bot instance is running";
  private static final String CONFLICT_WEBHOOK_ACTIVE =
      "Conflict: can't use getUpdates method while webhook is active;"
          + " use deleteWebhook to delete the webhook first";
  private static final String CONFLICT_SET_WEBHOOK = "Conflict: terminated by setWebhook request";

  /** Update types Telegram leaves out unless allowed_updates names them. */
  private static final Set<String> OPT_IN_UPDATE_TYPES =
      Set.of("chat_member", "message_reaction", "message_reaction_count");

  final long id;
  final String username;
  private final String token;

  String token() {
    return token;
  }

  private final Supplier<Limits> limits;

  // ---- intake ----
  private final Deque<JsonObject> updates = new ArrayDeque<>();
  private boolean revoked;
  private boolean conflict;
  private WebhookState webhook = WebhookState.NONE;

  /** Last allowed_updates given to setWebhook or getUpdates; null = Telegram's default. */
  private List<String> allowedUpdates;

  private Long lastErrorDate;
  private String lastErrorMessage;

  /** Counts getUpdates calls, so that a waiting poll sees it was overtaken. */
  private long pollGeneration;

  // ---- delivery ----
  private final Map<Long, ChatState> chats = new HashMap<>();
  private final FloodControl flood = new FloodControl();
  private final List<Delivered> delivered = new ArrayList<>();
  private int tooManyRequests;

  // ---- faults ----
  private final Map<Long, String> blocked = new HashMap<>();
  private final Map<Long, Long> migrated = new HashMap<>();
  private final Deque<Failure> failures = new ArrayDeque<>();
  private long outageUntil;
  private boolean outage;
  private Duration answerDelay = Duration.ZERO;
  private boolean swallowAnswers;
  private boolean cutAnswers;

  private static final java.util.regex.Pattern RETRY_AFTER =
      java.util.regex.Pattern.compile("retry after (\\d+)");

  /** A run of injected errors: the next {@code remaining} send-type calls answer it. */
  private static final class Failure {
    final int status;
    final String description;
    int remaining;

    Failure(int status, String description, int remaining) {
      this.status = status;
      this.description = description;
      this.remaining = remaining;
    }
  }

  /** One chat as the bot sees it. */
  private static final class ChatState {
    final long id;
    String type;
    boolean forum;

    /** What getChat answers; null for a private chat known only from sends. */
    JsonObject info;

    long nextMessageId = 1;
    final Map<Long, JsonObject> messages = new HashMap<>();
    final Map<Long, Topic> topics = new HashMap<>();

    ChatState(long id, String type) {
      this.id = id;
      this.type = type;
    }

    boolean isGroup() {
      return !"private".equals(type);
    }

    /** Takes the next message id; a forum's message 1 is its General topic. */
    long takeMessageId() {
      if (forum && nextMessageId <= GENERAL_TOPIC) {
        nextMessageId = GENERAL_TOPIC + 1;
      }
      return nextMessageId++;
    }
  }

  private static final class Topic {
    String name;
    final int iconColor;
    TopicState state = TopicState.OPEN;

    Topic(String name, int iconColor) {
      this.name = name;
      this.iconColor = iconColor;
    }
  }

  BotState(long id, String username, String token, Supplier<Limits> limits) {
    this.id = id;
    this.username = username;
    this.token = token;
    this.limits = limits;
  }

  // ==== intake ====

  synchronized boolean isRevoked() {
    return revoked;
  }

  synchronized void revoke() {
    revoked = true;
    notifyAll();
  }

  synchronized void forceConflict(boolean on) {
    conflict = on;
    notifyAll();
  }

  /** Makes a chat known, with what getChat answers for it. */
  synchronized void addChat(long chatId, String type, boolean forum, JsonObject info) {
    ChatState chat = chats.computeIfAbsent(chatId, id -> new ChatState(id, type));
    chat.type = type;
    chat.forum = forum;
    chat.info = info;
  }

  /** getChatMember answers, by chat and user, as tests set them. */
  private final Map<Long, Map<Long, JsonObject>> members = new HashMap<>();

  synchronized void setMember(long chatId, long userId, JsonObject member) {
    members.computeIfAbsent(chatId, id -> new HashMap<>()).put(userId, member);
  }

  /** A member as set; empty when the test set none (getChatMember then answers "left"). */
  synchronized Optional<JsonObject> member(long chatId, long userId) {
    return Optional.ofNullable(members.getOrDefault(chatId, Map.of()).get(userId));
  }

  /** What getChat answers for a chat added by a test. */
  synchronized Optional<JsonObject> chat(long chatId) {
    return Optional.ofNullable(chats.get(chatId)).map(chat -> chat.info);
  }

  synchronized WebhookState webhook() {
    return webhook;
  }

  synchronized void setWebhookError(long date, String message) {
    lastErrorDate = date;
    lastErrorMessage = message;
  }

  synchronized void enqueue(JsonObject update) {
    updates.addLast(update);
    notifyAll();
  }

  /** Queues the updates at once: the next getUpdates answers them together. */
  synchronized void enqueueAll(List<JsonObject> all) {
    all.forEach(updates::addLast);
    notifyAll();
  }

  /** Sets the webhook; returns false if it was already set exactly so. */
  synchronized boolean setWebhook(
      String url,
      String secret,
      int maxConnections,
      List<String> requestedUpdates,
      boolean dropPending) {
    if (requestedUpdates != null) {
      allowedUpdates = requestedUpdates;
    }
    WebhookState requested = new WebhookState(url, secret, maxConnections, allowedUpdates);
    boolean changed = !requested.equals(webhook);
    webhook = requested;
    if (dropPending) {
      updates.clear();
    }
    // A waiting long poll ends with 409 "terminated by setWebhook request".
    notifyAll();
    return changed;
  }

  /** Deletes the webhook; returns false if none was set. */
  synchronized boolean deleteWebhook(boolean dropPending) {
    boolean wasSet = webhook.isSet();
    webhook = WebhookState.NONE;
    if (dropPending) {
      updates.clear();
    }
    return wasSet;
  }

  synchronized JsonObject webhookInfo() {
    JsonObjectBuilder info =
        Json.createObjectBuilder()
            .add("url", webhook.isSet() ? webhook.url() : "")
            .add("has_custom_certificate", false)
            .add("pending_update_count", updates.size());
    if (lastErrorDate != null) {
      info.add("last_error_date", lastErrorDate).add("last_error_message", lastErrorMessage);
    }
    if (webhook.isSet()) {
      info.add("max_connections", webhook.maxConnections());
      if (webhook.allowedUpdates() != null) {
        info.add("allowed_updates", Json.createArrayBuilder(webhook.allowedUpdates()));
      }
    }
    return info.build();
  }

  /**
   * getUpdates: confirms (drops) updates below {@code offset}, then answers up to {@code limit}
   * queued updates, waiting up to {@code waitMillis} for one when none is queued. Updates of types
   * the bot does not allow are dropped unseen, as Telegram never creates them.
   */
  synchronized List<JsonObject> poll(
      long offset, int limit, List<String> requestedUpdates, long waitMillis)
      throws ApiError, InterruptedException {
    long generation = ++pollGeneration;
    // An earlier poll still waiting is evicted, as by a second bot instance.
    notifyAll();
    if (webhook.isSet()) {
      throw new ApiError(409, CONFLICT_WEBHOOK_ACTIVE);
    }
    if (conflict) {
      throw new ApiError(409, CONFLICT_OTHER_POLL);
    }
    if (requestedUpdates != null) {
      allowedUpdates = requestedUpdates;
    }
    long deadline = System.nanoTime() + MILLISECONDS.toNanos(waitMillis);
    while (!dropUnwantedAndCheckAny(offset)) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        break;
      }
      NANOSECONDS.timedWait(this, left);
      if (revoked) {
        throw FakeTelegram.unauthorized();
      }
      if (generation != pollGeneration || conflict) {
        throw new ApiError(409, CONFLICT_OTHER_POLL);
      }
      if (webhook.isSet()) {
        throw new ApiError(409, CONFLICT_SET_WEBHOOK);
      }
    }
    return updates.stream().limit(limit).toList();
  }

  /**
   * Drops confirmed updates (below {@code offset}, also those enqueued during the wait) and updates
   * of types not allowed; answers whether any is left.
   */
  private boolean dropUnwantedAndCheckAny(long offset) {
    updates.removeIf(
        u -> u.getJsonNumber("update_id").longValue() < offset || !isAllowed(typeOf(u)));
    return !updates.isEmpty();
  }

  private boolean isAllowed(String type) {
    return allowedUpdates == null || allowedUpdates.isEmpty()
        ? !OPT_IN_UPDATE_TYPES.contains(type)
        : allowedUpdates.contains(type);
  }

  private static String typeOf(JsonObject update) {
    return update.keySet().stream().filter(k -> !"update_id".equals(k)).findFirst().orElse("");
  }

  // ==== faults ====

  synchronized void blockChat(long chatId, String description) {
    if (description == null) {
      blocked.remove(chatId);
    } else {
      blocked.put(chatId, description);
    }
  }

  /** Moves a group: the old id answers "upgraded", the new one is a supergroup. */
  synchronized void migrate(long oldChatId, long newChatId) {
    migrated.put(oldChatId, newChatId);
    ChatState old = chats.get(oldChatId);
    ChatState moved = chats.computeIfAbsent(newChatId, id -> new ChatState(id, "supergroup"));
    moved.type = "supergroup";
    JsonObjectBuilder info =
        moved.info != null
            ? Json.createObjectBuilder(moved.info)
            : Json.createObjectBuilder().add("id", newChatId);
    if (moved.info == null && old != null && old.info != null && old.info.containsKey("title")) {
      info.add("title", old.info.getString("title"));
    }
    moved.info = info.add("type", "supergroup").build();
  }

  /**
   * Puts a topic of a known chat into a state, creating it (named after its id) if the fake did not
   * know it, e.g. a topic known from inbound updates.
   *
   * @throws IllegalArgumentException if the chat is neither private nor added, or the thread id is
   *     not above 1
   */
  synchronized void putTopic(long chatId, long threadId, String name, TopicState state) {
    if (threadId <= GENERAL_TOPIC) {
      throw new IllegalArgumentException("A topic's thread id is above 1: " + threadId);
    }
    ChatState chat = chats.get(chatId);
    if (chat == null && chatId > 0) {
      chat = chats.computeIfAbsent(chatId, id -> new ChatState(id, "private"));
    }
    if (chat == null) {
      throw new IllegalArgumentException("Unknown chat " + chatId + ": add it with addChat first");
    }
    Topic topic =
        chat.topics.computeIfAbsent(
            threadId, id -> new Topic(name != null ? name : "Topic " + id, DEFAULT_ICON_COLOR));
    if (name != null) {
      topic.name = name;
    }
    topic.state = state;
    chat.nextMessageId = Math.max(chat.nextMessageId, threadId + 1);
    if (state == TopicState.DELETED) {
      // Deleting a topic deletes its messages, its creation message (id = thread id) included.
      chat.messages
          .entrySet()
          .removeIf(
              m ->
                  m.getKey() == threadId
                      || m.getValue().containsKey("message_thread_id")
                          && m.getValue().getJsonNumber("message_thread_id").longValue()
                              == threadId);
    }
  }

  synchronized void failNext(int count, int status, String description) {
    if (count > 0) {
      failures.addLast(new Failure(status, description, count));
    }
  }

  /** The injected error the next send-type call answers, if any; counts it off. */
  synchronized Optional<ApiError> takeFailure() {
    Failure next = failures.peekFirst();
    if (next == null) {
      return Optional.empty();
    }
    if (--next.remaining == 0) {
      failures.removeFirst();
    }
    // Telegram's 429 always carries parameters.retry_after: take it from "retry after N".
    var retryAfter = RETRY_AFTER.matcher(next.description);
    if (next.status == 429 && retryAfter.find()) {
      return Optional.of(FakeTelegram.tooManyRequests(Integer.parseInt(retryAfter.group(1))));
    }
    return Optional.of(new ApiError(next.status, next.description));
  }

  synchronized void outage(Duration duration) {
    outage = !duration.isZero() && !duration.isNegative();
    outageUntil = System.nanoTime() + duration.toNanos();
  }

  synchronized boolean inOutage() {
    if (outage && outageUntil - System.nanoTime() <= 0) {
      outage = false;
    }
    return outage;
  }

  synchronized void delayAnswers(Duration delay) {
    answerDelay = delay;
  }

  synchronized Duration answerDelay() {
    return answerDelay;
  }

  synchronized void swallowAnswers(boolean on) {
    swallowAnswers = on;
  }

  synchronized boolean swallowsAnswers() {
    return swallowAnswers;
  }

  synchronized void cutAnswers(boolean on) {
    cutAnswers = on;
  }

  synchronized boolean cutsAnswers() {
    return cutAnswers;
  }

  /** Notes an answer given to this bot, to count the 429s. */
  synchronized void answered(int status) {
    if (status == 429) {
      tooManyRequests++;
    }
  }

  synchronized int tooManyRequests() {
    return tooManyRequests;
  }

  synchronized void capRetryAfter(int seconds) {
    flood.capRetryAfter(seconds);
  }

  synchronized int penaltyEscalations() {
    return flood.escalations();
  }

  synchronized List<Delivered> delivered() {
    return List.copyOf(delivered);
  }

  // ==== delivery ====

  /**
   * sendMessage, sendPhoto, sendDocument: puts a message into a chat.
   *
   * @param threadId the topic, or null for none (the General topic of a forum)
   * @param replyTo the message replied to in the same chat, or null
   * @param anyReplyTarget true to send even when {@code replyTo} is not found
   */
  synchronized JsonObject send(
      String method,
      long chatId,
      Long threadId,
      Content content,
      boolean paid,
      Long replyTo,
      boolean anyReplyTarget)
      throws ApiError {
    return send(method, chatId, threadId, content, paid, replyTo, anyReplyTarget, null);
  }

  /** As above, with an inline keyboard ({@code reply_markup}, already checked) or null. */
  synchronized JsonObject send(
      String method,
      long chatId,
      Long threadId,
      Content content,
      boolean paid,
      Long replyTo,
      boolean anyReplyTarget,
      JsonObject replyMarkup)
      throws ApiError {
    ChatState chat = target(chatId);
    requireOpenThread(chat, threadId);
    JsonObject replied = replied(chat, replyTo, anyReplyTarget);
    admit(chat, FloodControl.Kind.MESSAGE, paid);
    JsonObject stored = store(method, chat, threadId, content, replied, paid);
    if (replyMarkup == null) {
      return stored;
    }
    JsonObject withKeyboard =
        Json.createObjectBuilder(stored).add("reply_markup", replyMarkup).build();
    chat.messages.put(withKeyboard.getJsonNumber("message_id").longValue(), withKeyboard);
    return withKeyboard;
  }

  // ---- callback queries ----

  /** A callback query issued by {@link #press}: its chat and when it was pressed. */
  private record Query(long chatId, long pressedAtNanos) {}

  private final Map<String, Query> queries = new HashMap<>();
  private long nextQueryId = 1;

  /**
   * A user presses the button with {@code callbackData} on the bot's message {@code messageId} in
   * {@code chatId}: answers the callback_query object Telegram would send, with a new query id.
   *
   * @throws IllegalArgumentException if the message or such a button on it does not exist
   */
  synchronized JsonObject press(
      long chatId, long messageId, String callbackData, JsonObject from, String chatInstance) {
    ChatState chat = chats.get(chatId);
    JsonObject message = chat == null ? null : chat.messages.get(messageId);
    if (message == null) {
      throw new IllegalArgumentException("No message " + messageId + " in chat " + chatId);
    }
    JsonObject markup = message.getJsonObject("reply_markup");
    boolean found =
        markup != null
            && markup.getJsonArray("inline_keyboard").stream()
                .flatMap(row -> row.asJsonArray().stream())
                .map(JsonValue::asJsonObject)
                .anyMatch(b -> callbackData.equals(b.getString("callback_data", null)));
    if (!found) {
      throw new IllegalArgumentException(
          "Message " + messageId + " has no button with callback data " + callbackData);
    }
    String id = this.id + "-" + nextQueryId++;
    queries.put(id, new Query(chatId, System.nanoTime()));
    return Json.createObjectBuilder()
        .add("id", id)
        .add("from", from)
        .add("message", message)
        .add("chat_instance", chatInstance)
        .add("data", callbackData)
        .build();
  }

  /**
   * answerCallbackQuery: the query must have been issued and not answered, and not be older than
   * {@code lifetime}, as on Telegram. No limit counts it: it is no message and has no chat.
   */
  synchronized void answerQuery(String queryId, String text, Duration lifetime) throws ApiError {
    Query q = queries.get(queryId);
    if (q == null || System.nanoTime() - q.pressedAtNanos() > lifetime.toNanos()) {
      throw badRequest("query is too old and response timeout expired or query ID is invalid");
    }
    queries.remove(queryId);
    ChatState chat = chats.get(q.chatId());
    delivered.add(
        new Delivered(Instant.now(), token, "answerCallbackQuery", chat.id, null, 0, text, false));
  }

  /**
   * sendMediaGroup: puts an album's messages into a chat, one call of the bot's budget and one
   * message per item in the chat's windows; answers the messages.
   */
  synchronized List<JsonObject> sendAlbum(
      long chatId, Long threadId, List<Content> items, boolean paid) throws ApiError {
    ChatState chat = target(chatId);
    requireOpenThread(chat, threadId);
    OptionalInt retryAfter =
        flood.admit(
            new FloodControl.Charge(
                chat.id, chat.isGroup(), FloodControl.Kind.MESSAGE, paid, items.size()),
            limits.get(),
            System.nanoTime());
    if (retryAfter.isPresent()) {
      throw FakeTelegram.tooManyRequests(retryAfter.getAsInt());
    }
    List<JsonObject> messages = new ArrayList<>();
    for (Content item : items) {
      messages.add(store("sendMediaGroup", chat, threadId, item, null, paid));
    }
    return messages;
  }

  /** copyMessage: copies a message of {@code fromChatId} into a chat; answers the new id. */
  synchronized long copy(
      long chatId,
      Long threadId,
      long fromChatId,
      long messageId,
      String caption,
      boolean paid,
      Long replyTo,
      boolean anyReplyTarget)
      throws ApiError {
    ChatState chat = target(chatId);
    ChatState source = existing(fromChatId);
    JsonObject original = source.messages.get(messageId);
    if (original == null || !isCopyable(original)) {
      throw badRequest("message to copy not found");
    }
    requireOpenThread(chat, threadId);
    JsonObject replied = replied(chat, replyTo, anyReplyTarget);
    admit(chat, FloodControl.Kind.MESSAGE, paid);
    return store("copyMessage", chat, threadId, contentOf(original, caption), replied, paid)
        .getJsonNumber("message_id")
        .longValue();
  }

  /** editMessageText: answers the edited message. */
  synchronized JsonObject editText(long chatId, long messageId, String text) throws ApiError {
    return editText(chatId, messageId, text, null);
  }

  /**
   * editMessageText with the message's new inline keyboard ({@code reply_markup}, already checked)
   * or null: as on Telegram, an edit without one takes the keyboard off.
   */
  synchronized JsonObject editText(long chatId, long messageId, String text, JsonObject replyMarkup)
      throws ApiError {
    ChatState chat = target(chatId);
    JsonObject message = chat.messages.get(messageId);
    if (message == null) {
      throw badRequest("message to edit not found");
    }
    if (!message.containsKey("text")) {
      throw badRequest("there is no text in the message to edit");
    }
    if (message.getString("text").equals(text)) {
      throw badRequest(
          "message is not modified: specified new message content and reply markup are exactly"
              + " the same as a current content and reply markup of the message");
    }
    admit(chat, FloodControl.Kind.EDIT, false);
    JsonObjectBuilder editing =
        Json.createObjectBuilder(message)
            .add("text", text)
            .add("edit_date", Instant.now().getEpochSecond());
    if (replyMarkup == null) {
      editing.remove("reply_markup");
    } else {
      editing.add("reply_markup", replyMarkup);
    }
    JsonObject edited = editing.build();
    chat.messages.put(messageId, edited);
    log("editMessageText", chat, threadOf(edited), messageId, text, false);
    return edited;
  }

  /**
   * A message a user sent the bot (as an update shows it), kept in its chat so that copyMessage
   * finds it.
   */
  synchronized void received(JsonObject message) throws ApiError {
    long chatId = message.getJsonObject("chat").getJsonNumber("id").longValue();
    long messageId = message.getJsonNumber("message_id").longValue();
    ChatState chat = existing(chatId);
    chat.messages.put(messageId, message);
    chat.nextMessageId = Math.max(chat.nextMessageId, messageId + 1);
  }

  /** editMessageCaption: answers the edited message. */
  synchronized JsonObject editCaption(long chatId, long messageId, String caption) throws ApiError {
    ChatState chat = target(chatId);
    JsonObject message = chat.messages.get(messageId);
    if (message == null) {
      throw badRequest("message to edit not found");
    }
    if (message.containsKey("text")) {
      throw badRequest("there is no caption in the message to edit");
    }
    if (caption.equals(message.getString("caption", ""))) {
      throw badRequest(
          "message is not modified: specified new message content and reply markup are exactly"
              + " the same as a current content and reply markup of the message");
    }
    admit(chat, FloodControl.Kind.EDIT, false);
    JsonObject edited =
        Json.createObjectBuilder(message)
            .add("caption", caption)
            .add("edit_date", Instant.now().getEpochSecond())
            .build();
    chat.messages.put(messageId, edited);
    log("editMessageCaption", chat, threadOf(edited), messageId, caption, false);
    return edited;
  }

  /** deleteMessage. */
  synchronized void delete(long chatId, long messageId) throws ApiError {
    ChatState chat = target(chatId);
    JsonObject message = chat.messages.get(messageId);
    if (message == null) {
      throw badRequest("message to delete not found");
    }
    admit(chat, FloodControl.Kind.OTHER, false);
    chat.messages.remove(messageId);
    log("deleteMessage", chat, threadOf(message), messageId, null, false);
  }

  /** sendChatAction: the bot's budget only. */
  synchronized void chatAction(long chatId, Long threadId, String action) throws ApiError {
    ChatState chat = target(chatId);
    requireOpenThread(chat, threadId);
    admit(chat, FloodControl.Kind.OTHER, false);
    log("sendChatAction", chat, threadId, 0, action, false);
  }

  /**
   * createForumTopic: the topic's thread id is the id of its creation message, taken from the
   * chat's message ids.
   */
  synchronized long createTopic(long chatId, String name, int iconColor) throws ApiError {
    ChatState chat = target(chatId);
    if (!chat.forum) {
      throw badRequest("the chat is not a forum");
    }
    admit(chat, FloodControl.Kind.MESSAGE, false);
    long threadId = chat.takeMessageId();
    chat.topics.put(threadId, new Topic(name, iconColor));
    JsonObject created =
        Json.createObjectBuilder().add("name", name).add("icon_color", iconColor).build();
    chat.messages.put(
        threadId,
        messageHead(chat, threadId, threadId, Instant.now().getEpochSecond())
            .add("forum_topic_created", created)
            .build());
    log("createForumTopic", chat, threadId, threadId, name, false);
    return threadId;
  }

  /** editForumTopic: a null or empty name keeps the current one. */
  synchronized void editTopic(long chatId, long threadId, String name, boolean newIcon)
      throws ApiError {
    ChatState chat = target(chatId);
    Topic topic = topic(chat, threadId);
    boolean newName = name != null && !name.isEmpty() && !name.equals(topic.name);
    if (!newName && !newIcon) {
      throw badRequest("TOPIC_NOT_MODIFIED");
    }
    admit(chat, FloodControl.Kind.OTHER, false);
    if (newName) {
      topic.name = name;
    }
    log("editForumTopic", chat, threadId, 0, topic.name, false);
  }

  /** closeForumTopic ({@code open} false) and reopenForumTopic ({@code open} true). */
  synchronized void setTopicOpen(String method, long chatId, long threadId, boolean open)
      throws ApiError {
    ChatState chat = target(chatId);
    Topic topic = topic(chat, threadId);
    TopicState wanted = open ? TopicState.OPEN : TopicState.CLOSED;
    if (topic.state == wanted) {
      throw badRequest("TOPIC_NOT_MODIFIED");
    }
    admit(chat, FloodControl.Kind.OTHER, false);
    topic.state = wanted;
    log(method, chat, threadId, 0, null, false);
  }

  /** deleteForumTopic: the topic and its messages are gone, as {@link FakeTelegram#deleteTopic}. */
  synchronized void deleteForumTopic(long chatId, long threadId) throws ApiError {
    ChatState chat = target(chatId);
    Topic topic = topic(chat, threadId);
    admit(chat, FloodControl.Kind.OTHER, false);
    topic.state = TopicState.DELETED;
    log("deleteForumTopic", chat, threadId, 0, null, false);
  }

  // ---- delivery helpers ----

  /** The chat a send-type call addresses, unless it moved, blocked the bot or is unknown. */
  private ChatState target(long chatId) throws ApiError {
    Long movedTo = migrated.get(chatId);
    if (movedTo != null) {
      throw new ApiError(
          400,
          "Bad Request: group chat was upgraded to a supergroup chat",
          Json.createObjectBuilder().add("migrate_to_chat_id", movedTo).build());
    }
    String refusal = blocked.get(chatId);
    if (refusal != null) {
      throw new ApiError(403, refusal);
    }
    return existing(chatId);
  }

  /** A known chat; a positive id is a private chat, known as soon as it is addressed. */
  private ChatState existing(long chatId) throws ApiError {
    ChatState chat = chats.get(chatId);
    if (chat == null && chatId > 0) {
      chat = new ChatState(chatId, "private");
      chats.put(chatId, chat);
    }
    if (chat == null) {
      throw badRequest("chat not found");
    }
    return chat;
  }

  private static void requireOpenThread(ChatState chat, Long threadId) throws ApiError {
    if (threadId == null) {
      return;
    }
    Topic topic = threadId == GENERAL_TOPIC ? null : chat.topics.get(threadId);
    if (topic == null || topic.state == TopicState.DELETED) {
      throw badRequest("message thread not found");
    }
    if (topic.state == TopicState.CLOSED) {
      throw badRequest("TOPIC_CLOSED");
    }
  }

  /** A topic that topic management may address. */
  private static Topic topic(ChatState chat, long threadId) throws ApiError {
    Topic topic = chat.topics.get(threadId);
    if (topic == null || topic.state == TopicState.DELETED) {
      throw badRequest("TOPIC_ID_INVALID");
    }
    return topic;
  }

  private static JsonObject replied(ChatState chat, Long replyTo, boolean anyReplyTarget)
      throws ApiError {
    if (replyTo == null) {
      return null;
    }
    JsonObject replied = chat.messages.get(replyTo);
    if (replied == null && !anyReplyTarget) {
      throw badRequest("message to be replied not found");
    }
    return replied;
  }

  /** Counts the call against the limits, or refuses it with 429. */
  private void admit(ChatState chat, FloodControl.Kind kind, boolean paid) throws ApiError {
    OptionalInt retryAfter =
        flood.admit(
            new FloodControl.Charge(chat.id, chat.isGroup(), kind, paid),
            limits.get(),
            System.nanoTime());
    if (retryAfter.isPresent()) {
      throw FakeTelegram.tooManyRequests(retryAfter.getAsInt());
    }
  }

  /** Creates a message with the chat's next id, remembers it and logs its delivery. */
  private JsonObject store(
      String method,
      ChatState chat,
      Long threadId,
      Content content,
      JsonObject replied,
      boolean paid) {
    long messageId = chat.takeMessageId();
    JsonObjectBuilder message =
        messageHead(chat, messageId, threadId, Instant.now().getEpochSecond());
    if (replied != null) {
      message.add("reply_to_message", replied);
    }
    message.add(content.field(), content.value());
    if (content.caption() != null) {
      message.add("caption", content.caption());
    }
    JsonObject built = message.build();
    chat.messages.put(messageId, built);
    log(method, chat, threadId, messageId, content.shown(), paid);
    return built;
  }

  private JsonObjectBuilder messageHead(ChatState chat, long messageId, Long threadId, long date) {
    JsonObjectBuilder message = Json.createObjectBuilder().add("message_id", messageId);
    if (!"channel".equals(chat.type)) {
      message.add(
          "from",
          Json.createObjectBuilder()
              .add("id", id)
              .add("is_bot", true)
              .add("first_name", username)
              .add("username", username));
    }
    message
        .add("date", date)
        .add("chat", Json.createObjectBuilder().add("id", chat.id).add("type", chat.type));
    if (threadId != null) {
      message.add("message_thread_id", threadId).add("is_topic_message", true);
    }
    return message;
  }

  private static boolean isCopyable(JsonObject message) {
    return message.containsKey("text")
        || message.containsKey("photo")
        || message.containsKey("document");
  }

  /** The content of a message to copy; a new caption replaces a media message's caption. */
  private static Content contentOf(JsonObject original, String caption) {
    for (String field : List.of("text", "photo", "document")) {
      if (original.containsKey(field)) {
        String kept =
            "text".equals(field)
                ? null
                : caption != null ? caption : original.getString("caption", null);
        return new Content(field, original.get(field), kept);
      }
    }
    throw new IllegalStateException("Not copyable: " + original);
  }

  private static Long threadOf(JsonObject message) {
    return message.containsKey("message_thread_id")
        ? message.getJsonNumber("message_thread_id").longValue()
        : null;
  }

  private void log(
      String method, ChatState chat, Long threadId, long messageId, String text, boolean paid) {
    delivered.add(
        new Delivered(Instant.now(), token, method, chat.id, threadId, messageId, text, paid));
  }
}
