package io.leanops.schemas;

import java.util.regex.Pattern;

/**
 * Topic names become table identifiers and folder names, so they are restricted to a lower-case
 * letter followed by lower-case letters, digits and {@code _} (at most 100 characters). Anything
 * else — {@code ../}, quotes, dots, spaces — is refused before it reaches a path or an identifier.
 */
public final class TopicNames {
  private static final Pattern VALID = Pattern.compile("[a-z][a-z0-9_]{0,99}");

  private TopicNames() {}

  public static boolean isValid(String topic) {
    return topic != null && VALID.matcher(topic).matches();
  }

  /**
   * Returns {@code topic} when valid.
   *
   * @throws IllegalArgumentException saying what a topic name may contain
   */
  public static String validate(String topic) {
    if (!isValid(topic)) {
      throw new IllegalArgumentException(
          "topic name '"
              + topic
              + "' is not allowed: use a lower-case letter followed by lower-case letters, digits"
              + " or '_' (at most 100 characters), e.g. 'iot_events'");
    }
    return topic;
  }
}
