package io.leanops.transforms;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.Serializable;
import java.util.List;
import java.util.Objects;
import java.util.TreeSet;
import org.apache.beam.sdk.coders.AtomicCoder;
import org.apache.beam.sdk.coders.CoderProvider;
import org.apache.beam.sdk.coders.CoderProviders;
import org.apache.beam.sdk.coders.DefaultCoder;
import org.apache.beam.sdk.values.TypeDescriptor;

/**
 * Drift found in one (topic, period): the columns present in the data but not registered in the
 * active schema (sorted), and the first drifted message (earliest ingestion, then smallest message
 * id). The pipeline adds {@code detected_ts}, {@code snapshot_id}, {@code layer} and {@code run_id}
 * when it writes the {@code drift_log} row.
 */
@DefaultCoder(DriftEvent.DriftEventCoder.class)
public final class DriftEvent implements Serializable {
  private static final long serialVersionUID = 1L;

  private final String topicName;
  private final String periodReference;
  private final String firstMessageId;
  private final long firstIngestionTsMicros;
  private final List<String> driftedColumns;

  private DriftEvent(String topicName, String periodReference, String firstMessageId,
      long firstIngestionTsMicros, List<String> driftedColumns) {
    this.topicName = Objects.requireNonNull(topicName);
    this.periodReference = periodReference;
    this.firstMessageId = Objects.requireNonNull(firstMessageId);
    this.firstIngestionTsMicros = firstIngestionTsMicros;
    this.driftedColumns = List.copyOf(new TreeSet<>(driftedColumns));
  }

  public static DriftEvent of(String topicName, String periodReference, String firstMessageId,
      long firstIngestionTsMicros, List<String> driftedColumns) {
    return new DriftEvent(topicName, periodReference, firstMessageId, firstIngestionTsMicros,
        driftedColumns);
  }

  /**
   * The drift of both: the union of their columns and the earlier first message. Associative and
   * commutative, so the combined result does not depend on bundling.
   */
  DriftEvent merge(DriftEvent other) {
    boolean thisFirst =
        firstIngestionTsMicros != other.firstIngestionTsMicros
            ? firstIngestionTsMicros < other.firstIngestionTsMicros
            : firstMessageId.compareTo(other.firstMessageId) <= 0;
    TreeSet<String> union = new TreeSet<>(driftedColumns);
    union.addAll(other.driftedColumns);
    DriftEvent first = thisFirst ? this : other;
    return new DriftEvent(topicName, periodReference, first.firstMessageId,
        first.firstIngestionTsMicros, List.copyOf(union));
  }

  public String topicName() {
    return topicName;
  }

  /** Null when the drifted rows have no period_reference. */
  public String periodReference() {
    return periodReference;
  }

  public String firstMessageId() {
    return firstMessageId;
  }

  public long firstIngestionTsMicros() {
    return firstIngestionTsMicros;
  }

  /** Sorted, without repeats. */
  public List<String> driftedColumns() {
    return driftedColumns;
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof DriftEvent)) {
      return false;
    }
    DriftEvent that = (DriftEvent) o;
    return topicName.equals(that.topicName)
        && Objects.equals(periodReference, that.periodReference)
        && firstMessageId.equals(that.firstMessageId)
        && firstIngestionTsMicros == that.firstIngestionTsMicros
        && driftedColumns.equals(that.driftedColumns);
  }

  @Override
  public int hashCode() {
    return Objects.hash(topicName, periodReference, firstMessageId, firstIngestionTsMicros,
        driftedColumns);
  }

  @Override
  public String toString() {
    return "DriftEvent{" + topicName + "/" + periodReference + " first=" + firstMessageId + " "
        + driftedColumns + "}";
  }

  /** Coder for {@link DriftEvent}. */
  public static final class DriftEventCoder extends AtomicCoder<DriftEvent> {
    private static final DriftEventCoder INSTANCE = new DriftEventCoder();

    public static DriftEventCoder of() {
      return INSTANCE;
    }

    /** Lets {@code @DefaultCoder} find this coder. */
    public static CoderProvider getCoderProvider() {
      return CoderProviders.forCoder(TypeDescriptor.of(DriftEvent.class), INSTANCE);
    }

    @Override
    public void encode(DriftEvent e, OutputStream out) throws IOException {
      Codec.writeString(e.topicName, out);
      Codec.writeString(e.periodReference, out);
      Codec.writeString(e.firstMessageId, out);
      Codec.writeLong(e.firstIngestionTsMicros, out);
      Codec.writeStrings(e.driftedColumns, out);
    }

    @Override
    public DriftEvent decode(InputStream in) throws IOException {
      return new DriftEvent(Codec.readString(in), Codec.readString(in), Codec.readString(in),
          Codec.readLong(in), Codec.readStrings(in));
    }
  }
}
