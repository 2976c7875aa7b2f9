package io.tgdesk.cluster;

import java.util.Objects;

/** The name of one server of the cluster: stable across restarts of that server. */
public record NodeId(String value) {
  public NodeId {
    Objects.requireNonNull(value, "value");
    if (value.isBlank() || value.length() > 64) {
      throw new IllegalArgumentException("A node id has 1 to 64 characters, not '" + value + "'");
    }
  }

  @Override
  public String toString() {
    return value;
  }
}
