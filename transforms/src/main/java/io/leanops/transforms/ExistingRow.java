package io.leanops.transforms;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.Serializable;
import java.util.Comparator;
import java.util.Objects;
import org.apache.beam.sdk.coders.AtomicCoder;
import org.apache.beam.sdk.coders.CoderProvider;
import org.apache.beam.sdk.coders.CoderProviders;
import org.apache.beam.sdk.coders.DefaultCoder;
import org.apache.beam.sdk.values.TypeDescriptor;

/**
 * What {@link CrossPeriodMerge} needs to know of a row already in CURATED: its key, period,
 * {@code last_updated_ts}, {@code first_seen_ts}, and its location (data file path and row position)
 * so that the writer can delete or rewrite it.
 */
@DefaultCoder(ExistingRow.ExistingRowCoder.class)
public final class ExistingRow implements Serializable {
  private static final long serialVersionUID = 1L;

  /** Location order: data file path, then position. */
  static final Comparator<ExistingRow> BY_LOCATION =
      Comparator.comparing(ExistingRow::dataFile).thenComparingLong(ExistingRow::position);

  private final String idempotencyKey;
  private final String periodReference;
  private final Long lastUpdatedTsMicros;
  private final Long firstSeenTsMicros;
  private final String dataFile;
  private final long position;
  private final String schemaVersion;

  private ExistingRow(String idempotencyKey, String periodReference, Long lastUpdatedTsMicros,
      Long firstSeenTsMicros, String dataFile, long position, String schemaVersion) {
    this.idempotencyKey = Objects.requireNonNull(idempotencyKey, "idempotencyKey");
    this.periodReference = Objects.requireNonNull(periodReference, "periodReference");
    this.lastUpdatedTsMicros = lastUpdatedTsMicros;
    this.firstSeenTsMicros = firstSeenTsMicros;
    this.dataFile = Objects.requireNonNull(dataFile, "dataFile");
    this.position = position;
    this.schemaVersion = schemaVersion;
  }

  public static ExistingRow of(String idempotencyKey, String periodReference,
      Long lastUpdatedTsMicros, Long firstSeenTsMicros, String dataFile, long position) {
    return new ExistingRow(idempotencyKey, periodReference, lastUpdatedTsMicros,
        firstSeenTsMicros, dataFile, position, null);
  }

  /** Returns a row like this one but curated by schema {@code version}. */
  public ExistingRow withSchemaVersion(String version) {
    return new ExistingRow(idempotencyKey, periodReference, lastUpdatedTsMicros,
        firstSeenTsMicros, dataFile, position, version);
  }

  /** The schema version that curated the row; null when unknown. */
  public String schemaVersion() {
    return schemaVersion;
  }

  public String idempotencyKey() {
    return idempotencyKey;
  }

  public String periodReference() {
    return periodReference;
  }

  /** Null when the stored row has none. */
  public Long lastUpdatedTsMicros() {
    return lastUpdatedTsMicros;
  }

  /** Null when the stored row has none. */
  public Long firstSeenTsMicros() {
    return firstSeenTsMicros;
  }

  public String dataFile() {
    return dataFile;
  }

  public long position() {
    return position;
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof ExistingRow)) {
      return false;
    }
    ExistingRow that = (ExistingRow) o;
    return idempotencyKey.equals(that.idempotencyKey)
        && periodReference.equals(that.periodReference)
        && Objects.equals(lastUpdatedTsMicros, that.lastUpdatedTsMicros)
        && Objects.equals(firstSeenTsMicros, that.firstSeenTsMicros)
        && dataFile.equals(that.dataFile) && position == that.position
        && Objects.equals(schemaVersion, that.schemaVersion);
  }

  @Override
  public int hashCode() {
    return Objects.hash(idempotencyKey, periodReference, lastUpdatedTsMicros, firstSeenTsMicros,
        dataFile, position, schemaVersion);
  }

  @Override
  public String toString() {
    return "ExistingRow{" + idempotencyKey + " " + periodReference + " @" + dataFile + ":"
        + position + "}";
  }

  /** Coder for {@link ExistingRow}. */
  public static final class ExistingRowCoder extends AtomicCoder<ExistingRow> {
    private static final ExistingRowCoder INSTANCE = new ExistingRowCoder();

    public static ExistingRowCoder of() {
      return INSTANCE;
    }

    /** Lets {@code @DefaultCoder} find this coder. */
    public static CoderProvider getCoderProvider() {
      return CoderProviders.forCoder(TypeDescriptor.of(ExistingRow.class), INSTANCE);
    }

    @Override
    public void encode(ExistingRow e, OutputStream out) throws IOException {
      Codec.writeString(e.idempotencyKey, out);
      Codec.writeString(e.periodReference, out);
      Codec.writeLong(e.lastUpdatedTsMicros, out);
      Codec.writeLong(e.firstSeenTsMicros, out);
      Codec.writeString(e.dataFile, out);
      Codec.writeLong(e.position, out);
      Codec.writeString(e.schemaVersion, out);
    }

    @Override
    public ExistingRow decode(InputStream in) throws IOException {
      return new ExistingRow(Codec.readString(in), Codec.readString(in), Codec.readLong(in),
          Codec.readLong(in), Codec.readString(in), Codec.readLong(in), Codec.readString(in));
    }
  }
}
