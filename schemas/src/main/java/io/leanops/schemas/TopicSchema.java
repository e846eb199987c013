package io.leanops.schemas;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * A topic schema (SPEC.md §5): the envelope and payload columns of a topic with their types, plus
 * the settings that govern curation ({@code lookback_months}, {@code drift_policy}) and an optional
 * declared breaking change ({@code change_intent}). Immutable and serializable, so transforms can
 * carry it to workers.
 *
 * <p>Build one with {@link #builder(String, String)} or load one with {@link TopicSchemaParser}.
 */
public final class TopicSchema implements Serializable {
  private static final long serialVersionUID = 1L;

  /** The only declared breaking change the contract knows. */
  public static final String NUCLEAR_RESET = "NUCLEAR_RESET";

  /** System columns CURATED adds; schemas may not declare them. */
  public static final Set<String> RESERVED_COLUMNS = Set.of("first_seen_ts", "schema_version");

  private final String topicName;
  private final String schemaVersion;
  private final Lookback lookback;
  private final DriftPolicy driftPolicy;
  private final String changeIntent;
  private final Map<String, ColumnSpec> envelopeColumns;
  private final Map<String, ColumnSpec> payloadColumns;

  private TopicSchema(Builder b) {
    this.topicName = b.topicName;
    this.schemaVersion = b.schemaVersion;
    this.lookback = b.lookback;
    this.driftPolicy = b.driftPolicy;
    this.changeIntent = b.changeIntent;
    this.envelopeColumns = Collections.unmodifiableMap(new LinkedHashMap<>(b.envelope));
    this.payloadColumns = Collections.unmodifiableMap(new LinkedHashMap<>(b.payload));
  }

  /**
   * A builder with the standard envelope of SPEC.md §5 (message_id, idempotency_key,
   * period_reference as required STRING; publish_time, last_updated_ts as required TIMESTAMP).
   */
  public static Builder builder(String topicName, String schemaVersion) {
    Builder b = new Builder(topicName, schemaVersion);
    for (ColumnSpec c : defaultEnvelope()) {
      b.envelope.put(c.name(), c);
    }
    return b;
  }

  /** The envelope columns a schema gets when it does not list {@code envelope_columns}. */
  public static List<ColumnSpec> defaultEnvelope() {
    return List.of(
        ColumnSpec.of(Envelope.MESSAGE_ID, ColumnType.STRING).withRequired(true),
        ColumnSpec.of(Envelope.IDEMPOTENCY_KEY, ColumnType.STRING).withRequired(true),
        ColumnSpec.of(Envelope.PERIOD_REFERENCE, ColumnType.STRING).withRequired(true),
        ColumnSpec.of(Envelope.PUBLISH_TIME, ColumnType.TIMESTAMP).withRequired(true),
        ColumnSpec.of(Envelope.LAST_UPDATED_TS, ColumnType.TIMESTAMP).withRequired(true));
  }

  public String topicName() {
    return topicName;
  }

  public String schemaVersion() {
    return schemaVersion;
  }

  public Lookback lookback() {
    return lookback;
  }

  public DriftPolicy driftPolicy() {
    return driftPolicy;
  }

  /** {@link #NUCLEAR_RESET} when the schema declares a breaking change, else null. */
  public String changeIntent() {
    return changeIntent;
  }

  public Map<String, ColumnSpec> envelopeColumns() {
    return envelopeColumns;
  }

  public Map<String, ColumnSpec> payloadColumns() {
    return payloadColumns;
  }

  /** Envelope columns then payload columns, in declaration order. */
  public List<ColumnSpec> columns() {
    List<ColumnSpec> all = new ArrayList<>(envelopeColumns.values());
    all.addAll(payloadColumns.values());
    return all;
  }

  /** The column named {@code name}, or null. */
  public ColumnSpec column(String name) {
    ColumnSpec c = envelopeColumns.get(name);
    return c != null ? c : payloadColumns.get(name);
  }

  /**
   * The STANDARDIZED columns this schema reads or always knows: every envelope field of SPEC.md §2
   * plus each column's {@link ColumnSpec#sourceColumn()}. Data in any other column is drift.
   */
  public Set<String> registeredSourceColumns() {
    Set<String> known = new TreeSet<>(Envelope.FIELDS);
    for (ColumnSpec c : columns()) {
      known.add(c.sourceColumn());
    }
    return known;
  }

  /** Returns a schema like this one but with another version label and change intent. */
  public Builder toBuilder() {
    Builder b = new Builder(topicName, schemaVersion);
    b.lookback = lookback;
    b.driftPolicy = driftPolicy;
    b.changeIntent = changeIntent;
    b.envelope.putAll(envelopeColumns);
    b.payload.putAll(payloadColumns);
    return b;
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof TopicSchema)) {
      return false;
    }
    TopicSchema that = (TopicSchema) o;
    return topicName.equals(that.topicName)
        && schemaVersion.equals(that.schemaVersion)
        && lookback.equals(that.lookback)
        && driftPolicy == that.driftPolicy
        && Objects.equals(changeIntent, that.changeIntent)
        && envelopeColumns.equals(that.envelopeColumns)
        && payloadColumns.equals(that.payloadColumns);
  }

  @Override
  public int hashCode() {
    return Objects.hash(topicName, schemaVersion, lookback, driftPolicy, changeIntent,
        envelopeColumns, payloadColumns);
  }

  @Override
  public String toString() {
    return "TopicSchema{" + topicName + " v" + schemaVersion + ", " + columns() + "}";
  }

  /** Mutable builder; {@link #build()} checks nothing beyond non-null basics (the parser checks). */
  public static final class Builder {
    private final String topicName;
    private final String schemaVersion;
    private Lookback lookback = Lookback.DEFAULT;
    private DriftPolicy driftPolicy = DriftPolicy.HOLD;
    private String changeIntent;
    private final Map<String, ColumnSpec> envelope = new LinkedHashMap<>();
    private final Map<String, ColumnSpec> payload = new LinkedHashMap<>();

    private Builder(String topicName, String schemaVersion) {
      this.topicName = Objects.requireNonNull(topicName, "topicName");
      this.schemaVersion = Objects.requireNonNull(schemaVersion, "schemaVersion");
    }

    public Builder lookback(Lookback lookback) {
      this.lookback = Objects.requireNonNull(lookback);
      return this;
    }

    public Builder driftPolicy(DriftPolicy driftPolicy) {
      this.driftPolicy = Objects.requireNonNull(driftPolicy);
      return this;
    }

    public Builder changeIntent(String changeIntent) {
      this.changeIntent = changeIntent;
      return this;
    }

    /** Replaces the envelope columns (the default envelope is dropped). */
    public Builder envelope(List<ColumnSpec> columns) {
      envelope.clear();
      columns.forEach(c -> envelope.put(c.name(), c));
      return this;
    }

    public Builder payload(ColumnSpec column) {
      payload.put(column.name(), column);
      return this;
    }

    public Builder payload(String name, ColumnType type) {
      return payload(ColumnSpec.of(name, type));
    }

    public Builder withoutPayload(String name) {
      payload.remove(name);
      return this;
    }

    public Builder version(String version) {
      Builder b = new Builder(topicName, version);
      b.lookback = lookback;
      b.driftPolicy = driftPolicy;
      b.changeIntent = changeIntent;
      b.envelope.putAll(envelope);
      b.payload.putAll(payload);
      return b;
    }

    public TopicSchema build() {
      return new TopicSchema(this);
    }
  }
}
