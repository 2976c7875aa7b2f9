package io.tgdesk.tickets;

import java.util.List;

/**
 * CDI event fired in the transaction that erases messages' content: the Telegram file_ids (files
 * and thumbnails) of the bot that the erased messages referred to, so that copies kept elsewhere
 * (the media cache) go too once the erasure commits.
 */
public record FilesErased(long botId, List<String> fileIds) {

  public FilesErased {
    fileIds = List.copyOf(fileIds);
  }
}
