package io.tgdesk.diagnostics;

import java.time.Instant;

/** One audited Bot API call as admins see it. */
public record CallView(
    long id,
    Instant at,
    Long botId,
    String method,
    Long chatId,
    Long threadId,
    String category,
    String lane,
    int attempt,
    int httpStatus,
    Integer errorCode,
    String description,
    Integer retryAfter,
    long latencyMs,
    int requestBytes) {

  static CallView of(AuditedCall c) {
    return new CallView(
        c.id(),
        c.calledAt(),
        c.botId(),
        c.apiMethod(),
        c.chatId(),
        c.threadId(),
        c.category(),
        c.lane(),
        c.attempt(),
        c.httpStatus(),
        c.errorCode(),
        c.description(),
        c.retryAfter(),
        c.latencyMs(),
        c.requestBytes());
  }

  static final String CSV_HEADER =
      "id,at,botId,method,chatId,threadId,category,lane,attempt,httpStatus,errorCode,description,"
          + "retryAfter,latencyMs,requestBytes";

  /** One CSV line (RFC 4180 quoting), without the line break. */
  String csv() {
    return String.join(
        ",",
        String.valueOf(id),
        String.valueOf(at),
        str(botId),
        quote(method),
        str(chatId),
        str(threadId),
        quote(category),
        quote(lane),
        String.valueOf(attempt),
        String.valueOf(httpStatus),
        str(errorCode),
        quote(description),
        str(retryAfter),
        String.valueOf(latencyMs),
        String.valueOf(requestBytes));
  }

  private static String str(Object o) {
    return o == null ? "" : o.toString();
  }

  private static String quote(String s) {
    if (s == null) {
      return "";
    }
    if (s.contains(",") || s.contains("\"") || s.contains("\n") || s.contains("\r")) {
      return "\"" + s.replace("\"", "\"\"") + "\"";
    }
    return s;
  }
}
