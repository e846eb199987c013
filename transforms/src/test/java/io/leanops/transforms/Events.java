package io.leanops.transforms;

import io.leanops.schemas.Envelope;
import io.leanops.schemas.Timestamps;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** Readable test data: builders for the element types of this package. */
final class Events {
  static final String TOPIC = "events";

  private Events() {}

  /** A flattened event with message id {@code messageId} in topic {@value #TOPIC}. */
  static FlatBuilder flat(String messageId) {
    return new FlatBuilder(messageId);
  }

  /** A RAW event with message id {@code messageId} and JSON text {@code json}. */
  static RawEvent raw(String messageId, String json) {
    return RawEvent.of(messageId, TOPIC, json, 1_000L, "raw/f1.parquet", 0);
  }

  /** Microseconds of an ISO timestamp. */
  static long micros(String iso) {
    return Timestamps.toMicros(Instant.parse(iso));
  }

  /** A stored CURATED row. */
  static ExistingRow existing(String key, String period, String lastUpdatedIso,
      String firstSeenIso, String file, long position) {
    return ExistingRow.of(key, period, lastUpdatedIso == null ? null : micros(lastUpdatedIso),
        firstSeenIso == null ? null : micros(firstSeenIso), file, position);
  }

  static final class FlatBuilder {
    private final String messageId;
    private String topic = TOPIC;
    private long ingested = 0;
    private String file = "raw/f1.parquet";
    private long position = 0;
    private final Map<String, String> columns = new LinkedHashMap<>();

    private FlatBuilder(String messageId) {
      this.messageId = messageId;
    }

    FlatBuilder topic(String topic) {
      this.topic = topic;
      return this;
    }

    FlatBuilder key(String key) {
      return col(Envelope.IDEMPOTENCY_KEY, key);
    }

    FlatBuilder period(String period) {
      return col(Envelope.PERIOD_REFERENCE, period);
    }

    FlatBuilder updated(String lastUpdatedTs) {
      return col(Envelope.LAST_UPDATED_TS, lastUpdatedTs);
    }

    FlatBuilder published(String publishTime) {
      return col(Envelope.PUBLISH_TIME, publishTime);
    }

    /** ingestion_ts in microseconds since the epoch. */
    FlatBuilder ingested(long micros) {
      this.ingested = micros;
      return this;
    }

    FlatBuilder file(String file, long position) {
      this.file = file;
      this.position = position;
      return this;
    }

    FlatBuilder col(String name, String value) {
      columns.put(name, value);
      return this;
    }

    FlatEvent build() {
      return FlatEvent.of(messageId, topic, ingested, file, position, columns);
    }
  }
}
