package io.leanops.transforms;

import io.leanops.schemas.Envelope;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.Serializable;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;
import org.apache.beam.sdk.coders.AtomicCoder;
import org.apache.beam.sdk.coders.CoderProvider;
import org.apache.beam.sdk.coders.CoderProviders;
import org.apache.beam.sdk.coders.DefaultCoder;
import org.apache.beam.sdk.values.TypeDescriptor;

/**
 * A flattened event: its RAW identity (message id, topic, ingestion time, RAW file and position)
 * and its columns, name → string value (a value may be null: JSON null). Columns are kept sorted by
 * name so that encoding, JSON rendering and every iteration are deterministic.
 *
 * <p>This is the element type of STANDARDIZED and of curate up to the merge: payload values stay
 * strings until the CURATED writer casts them with {@code ValueCaster}.
 */
@DefaultCoder(FlatEvent.FlatEventCoder.class)
public final class FlatEvent implements Serializable {
  private static final long serialVersionUID = 1L;

  private final String messageId;
  private final String topicName;
  private final long ingestionTsMicros;
  private final String sourceFile;
  private final long sourcePosition;
  private final SortedMap<String, String> columns;

  private FlatEvent(String messageId, String topicName, long ingestionTsMicros, String sourceFile,
      long sourcePosition, SortedMap<String, String> columns) {
    this.messageId = Objects.requireNonNull(messageId, "messageId");
    this.topicName = Objects.requireNonNull(topicName, "topicName");
    this.ingestionTsMicros = ingestionTsMicros;
    this.sourceFile = Objects.requireNonNull(sourceFile, "sourceFile");
    this.sourcePosition = sourcePosition;
    this.columns = Collections.unmodifiableSortedMap(columns);
  }

  /** An event with the given columns (copied); {@code message_id} is set to {@code messageId}. */
  public static FlatEvent of(String messageId, String topicName, long ingestionTsMicros,
      String sourceFile, long sourcePosition, Map<String, String> columns) {
    TreeMap<String, String> copy = new TreeMap<>(columns);
    copy.put(Envelope.MESSAGE_ID, messageId);
    return new FlatEvent(messageId, topicName, ingestionTsMicros, sourceFile, sourcePosition, copy);
  }

  /** The same identity as {@code raw}, with {@code columns} (message_id set from RAW). */
  public static FlatEvent from(RawEvent raw, Map<String, String> columns) {
    return of(raw.messageId(), raw.topicName(), raw.ingestionTsMicros(), raw.sourceFile(),
        raw.sourcePosition(), columns);
  }

  /** Returns an event like this one but with {@code newColumns} instead of its columns. */
  public FlatEvent withColumns(SortedMap<String, String> newColumns) {
    return new FlatEvent(messageId, topicName, ingestionTsMicros, sourceFile, sourcePosition,
        new TreeMap<>(newColumns));
  }

  public String messageId() {
    return messageId;
  }

  public String topicName() {
    return topicName;
  }

  public long ingestionTsMicros() {
    return ingestionTsMicros;
  }

  public String sourceFile() {
    return sourceFile;
  }

  public long sourcePosition() {
    return sourcePosition;
  }

  /** All columns, sorted by name; unmodifiable. */
  public SortedMap<String, String> columns() {
    return columns;
  }

  /** The value of {@code column}, or null when absent or JSON null. */
  public String get(String column) {
    return columns.get(column);
  }

  public String idempotencyKey() {
    return columns.get(Envelope.IDEMPOTENCY_KEY);
  }

  public String periodReference() {
    return columns.get(Envelope.PERIOD_REFERENCE);
  }

  public String lastUpdatedTs() {
    return columns.get(Envelope.LAST_UPDATED_TS);
  }

  public String publishTime() {
    return columns.get(Envelope.PUBLISH_TIME);
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof FlatEvent)) {
      return false;
    }
    FlatEvent that = (FlatEvent) o;
    return messageId.equals(that.messageId) && topicName.equals(that.topicName)
        && ingestionTsMicros == that.ingestionTsMicros && sourceFile.equals(that.sourceFile)
        && sourcePosition == that.sourcePosition && columns.equals(that.columns);
  }

  @Override
  public int hashCode() {
    return Objects.hash(messageId, topicName, ingestionTsMicros, sourceFile, sourcePosition,
        columns);
  }

  @Override
  public String toString() {
    return "FlatEvent{" + messageId + " @" + sourceFile + ":" + sourcePosition + " " + columns
        + "}";
  }

  /** Coder for {@link FlatEvent}: identity fields, then the columns in name order. */
  public static final class FlatEventCoder extends AtomicCoder<FlatEvent> {
    private static final FlatEventCoder INSTANCE = new FlatEventCoder();

    public static FlatEventCoder of() {
      return INSTANCE;
    }

    /** Lets {@code @DefaultCoder} find this coder. */
    public static CoderProvider getCoderProvider() {
      return CoderProviders.forCoder(TypeDescriptor.of(FlatEvent.class), INSTANCE);
    }

    @Override
    public void encode(FlatEvent e, OutputStream out) throws IOException {
      Codec.writeString(e.messageId, out);
      Codec.writeString(e.topicName, out);
      Codec.writeLong(e.ingestionTsMicros, out);
      Codec.writeString(e.sourceFile, out);
      Codec.writeLong(e.sourcePosition, out);
      Codec.writeInt(e.columns.size(), out);
      for (Map.Entry<String, String> c : e.columns.entrySet()) {
        Codec.writeString(c.getKey(), out);
        Codec.writeString(c.getValue(), out);
      }
    }

    @Override
    public FlatEvent decode(InputStream in) throws IOException {
      String messageId = Codec.readString(in);
      String topic = Codec.readString(in);
      long ingestion = Codec.readLong(in);
      String file = Codec.readString(in);
      long position = Codec.readLong(in);
      int n = Codec.readInt(in);
      TreeMap<String, String> columns = new TreeMap<>();
      for (int i = 0; i < n; i++) {
        columns.put(Codec.readString(in), Codec.readString(in));
      }
      return new FlatEvent(messageId, topic, ingestion, file, position, columns);
    }
  }
}
