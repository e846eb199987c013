package io.leanops.transforms;

import io.leanops.schemas.CastResult;
import io.leanops.schemas.ColumnSpec;
import io.leanops.schemas.DriftPolicy;
import io.leanops.schemas.Envelope;
import io.leanops.schemas.PeriodReference;
import io.leanops.schemas.TopicSchema;
import io.leanops.schemas.ValueCaster;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;

/**
 * Governs STANDARDIZED rows against a topic's active schema before curation (SPEC.md §4.2–4.3).
 *
 * <p>A row passes when every {@code required} column is non-null and non-empty, every non-null
 * value casts to its column's type ({@link ValueCaster}), and {@code period_reference} is {@code
 * YYYY-MM} with a month 01–12. A failing row goes to {@link FailSafeResult#failures()} as {@code
 * CDE_VIOLATION} with <em>every</em> violation listed, in schema column order.
 *
 * <p>A row with a non-null value in a column the schema does not register ({@link
 * TopicSchema#registeredSourceColumns()}) follows the schema's {@link DriftPolicy}: {@code HOLD}
 * sends it to the failures as {@code SCHEMA_DRIFT} (catch-up curates it later); {@code
 * CURATE_KNOWN} lets it pass. Passing rows keep only the registered columns.
 */
public final class CdeValidate extends PTransform<PCollection<FlatEvent>, FailSafeResult<FlatEvent>> {
  private static final TupleTag<FlatEvent> VALID = new TupleTag<FlatEvent>() {};
  private static final TupleTag<RejectedEvent> REJECTED = new TupleTag<RejectedEvent>() {};

  private final TopicSchema schema;

  private CdeValidate(TopicSchema schema) {
    this.schema = schema;
  }

  /** Validates against {@code schema}, with the schema's own drift policy. */
  public static CdeValidate against(TopicSchema schema) {
    if (schema == null) {
      throw new IllegalArgumentException(
          "CdeValidate needs the topic's active schema; promote one with 'leanops schema promote'");
    }
    return new CdeValidate(schema);
  }

  /** Returns a transform like this one but applying {@code policy} instead of the schema's. */
  public CdeValidate withDriftPolicy(DriftPolicy policy) {
    return new CdeValidate(schema.toBuilder().driftPolicy(Objects.requireNonNull(policy)).build());
  }

  @Override
  public FailSafeResult<FlatEvent> expand(PCollection<FlatEvent> input) {
    PCollectionTuple tuple =
        input.apply("Validate against schema " + schema.schemaVersion(),
            ParDo.of(new ValidateFn(schema)).withOutputTags(VALID, TupleTagList.of(REJECTED)));
    tuple.get(VALID).setCoder(FlatEvent.FlatEventCoder.of());
    tuple.get(REJECTED).setCoder(RejectedEvent.RejectedEventCoder.of());
    return FailSafeResult.of(tuple, VALID, REJECTED);
  }

  /** Every violation of {@code event} against {@code schema}, in schema column order. */
  static List<String> violations(FlatEvent event, TopicSchema schema) {
    List<String> violations = new ArrayList<>();
    String period = event.periodReference();
    boolean periodChecked = false;
    for (ColumnSpec column : schema.columns()) {
      String value = event.get(column.sourceColumn());
      if (value == null || value.isEmpty()) {
        if (column.required()) {
          violations.add(column.name() + ": required but " + (value == null ? "missing" : "empty"));
        }
        if (value == null) {
          continue;
        }
      }
      CastResult cast = ValueCaster.cast(value, column.type());
      if (!cast.isOk()) {
        violations.add(column.name() + ": " + cast.reason());
      }
      if (!periodChecked && column.sourceColumn().equals(Envelope.PERIOD_REFERENCE)) {
        // In schema column order, like every other violation.
        periodChecked = true;
        addPeriodViolation(period, violations);
      }
    }
    if (!periodChecked) {
      addPeriodViolation(period, violations);
    }
    return violations;
  }

  private static void addPeriodViolation(String period, List<String> violations) {
    if (period != null && !PeriodReference.isValid(period)) {
      violations.add(Envelope.PERIOD_REFERENCE + ": '" + period
          + "' is not YYYY-MM with a month between 01 and 12");
    }
  }

  private static final class ValidateFn extends DoFn<FlatEvent, FlatEvent> {
    private final Counter valid = Metrics.counter(CdeValidate.class, "valid");
    private final Counter cdeErrors = Metrics.counter(CdeValidate.class, "cde_errors");
    private final Counter held = Metrics.counter(CdeValidate.class, "held");
    private final TopicSchema schema;
    private transient Set<String> registered;

    ValidateFn(TopicSchema schema) {
      this.schema = schema;
    }

    @Setup
    public void setup() {
      registered = schema.registeredSourceColumns();
    }

    @ProcessElement
    public void process(@Element FlatEvent event, MultiOutputReceiver out) {
      List<String> violations = violations(event, schema);
      List<String> drifted = new ArrayList<>();
      TreeMap<String, String> known = new TreeMap<>();
      for (Map.Entry<String, String> c : event.columns().entrySet()) {
        if (registered.contains(c.getKey())) {
          known.put(c.getKey(), c.getValue());
        } else if (c.getValue() != null) {
          drifted.add(c.getKey());
        }
      }
      if (!violations.isEmpty()) {
        drifted.forEach(d -> violations.add(d + ": not registered in schema "
            + schema.schemaVersion()));
        out.get(REJECTED).output(reject(event, ErrorType.CDE_VIOLATION, violations));
        cdeErrors.inc();
      } else if (!drifted.isEmpty() && schema.driftPolicy() == DriftPolicy.HOLD) {
        List<String> reasons = new ArrayList<>();
        drifted.forEach(d -> reasons.add(d + ": not registered in schema "
            + schema.schemaVersion() + " (held until catch-up)"));
        out.get(REJECTED).output(reject(event, ErrorType.SCHEMA_DRIFT, reasons));
        held.inc();
      } else {
        out.get(VALID).output(known.size() == event.columns().size()
            ? event : event.withColumns(known));
        valid.inc();
      }
    }

    private static RejectedEvent reject(FlatEvent e, ErrorType type, List<String> reasons) {
      return RejectedEvent.of(e.topicName(), e.messageId(), e.idempotencyKey(),
          e.periodReference(), type, reasons, RowJson.render(e));
    }
  }
}
