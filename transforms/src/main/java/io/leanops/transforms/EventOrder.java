package io.leanops.transforms;

import io.leanops.schemas.Timestamps;
import java.io.Serializable;
import java.time.Instant;
import java.util.Comparator;

/**
 * The tie-break rules of SPEC.md §3, as total orders, so that every runner, bundling and input
 * order picks the same winner.
 */
public final class EventOrder {
  private EventOrder() {}

  /**
   * FIFO (§3.4): earliest {@code ingestion_ts}; tie → smallest RAW file path, then position. The
   * winner of a {@code message_id} is the smallest element.
   */
  public static final Comparator<FlatEvent> FIFO =
      serializable(
          Comparator.comparingLong(FlatEvent::ingestionTsMicros)
              .thenComparing(FlatEvent::sourceFile)
              .thenComparingLong(FlatEvent::sourcePosition));

  /**
   * LIFO (§3.5): latest {@code last_updated_ts} (a missing or unparseable one is older than any);
   * tie → latest {@code ingestion_ts}, then greatest {@code message_id}, then greatest RAW file
   * path and position. The winner of an {@code idempotency_key} is the greatest element.
   */
  public static final Comparator<FlatEvent> LIFO =
      serializable(
          Comparator.comparing(
                  (FlatEvent e) -> lastUpdated(e), Comparator.nullsFirst(Comparator.naturalOrder()))
              .thenComparingLong(FlatEvent::ingestionTsMicros)
              .thenComparing(FlatEvent::messageId)
              .thenComparing(FlatEvent::sourceFile)
              .thenComparingLong(FlatEvent::sourcePosition));

  /** The event's {@code last_updated_ts}, or null when missing or not a timestamp. */
  public static Instant lastUpdated(FlatEvent e) {
    return Timestamps.parseOrNull(e.lastUpdatedTs());
  }

  private interface SerializableComparator<T> extends Comparator<T>, Serializable {}

  private static <T> Comparator<T> serializable(Comparator<T> c) {
    return (SerializableComparator<T>) c::compare;
  }
}
