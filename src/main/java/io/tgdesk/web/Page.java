package io.tgdesk.web;

import java.util.List;

/**
 * One page of a list answer.
 *
 * @param page the 0-based page number
 * @param size the page size asked for
 * @param total how many items match in all
 */
public record Page<T>(List<T> items, int page, int size, long total) {

  public static final int DEFAULT_SIZE = 50;
  public static final int MAX_SIZE = 500;
}
