package io.leanops.transforms;

import io.leanops.schemas.TopicSchema;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.transforms.Combine;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.Values;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;

/**
 * Finds schema drift (SPEC.md §3.6): columns with a non-null value in the data that the topic's
 * active schema does not register ({@link TopicSchema#registeredSourceColumns()}; the envelope
 * fields are always registered).
 *
 * <p>Emits one {@link DriftEvent} per (topic, period_reference) with drift: the sorted union of
 * drifted columns and the first drifted message (earliest {@code ingestion_ts}, then smallest
 * {@code message_id}). The combine is associative and commutative, so the result does not depend
 * on input order or bundling. Without an active schema there is nothing to compare with, and
 * nothing is emitted.
 */
public final class DriftDetect extends PTransform<PCollection<FlatEvent>, PCollection<DriftEvent>> {
  private final TopicSchema schema;

  private DriftDetect(TopicSchema schema) {
    this.schema = schema;
  }

  /** Detects drift against {@code activeSchema}; null (no active schema yet) detects none. */
  public static DriftDetect against(TopicSchema activeSchema) {
    return new DriftDetect(activeSchema);
  }

  @Override
  public PCollection<DriftEvent> expand(PCollection<FlatEvent> input) {
    return input
        .apply("Find unregistered columns", ParDo.of(new FindDriftFn(schema)))
        .setCoder(KvCoder.of(StringUtf8Coder.of(), DriftEvent.DriftEventCoder.of()))
        .apply("Merge per topic and period", Combine.perKey(new MergeDriftFn()))
        .apply("Drift events", Values.create());
  }

  private static final class FindDriftFn extends DoFn<FlatEvent, KV<String, DriftEvent>> {
    private final TopicSchema schema;
    private transient Set<String> registered;

    FindDriftFn(TopicSchema schema) {
      this.schema = schema;
    }

    @Setup
    public void setup() {
      registered = schema == null ? null : schema.registeredSourceColumns();
    }

    @ProcessElement
    public void process(@Element FlatEvent e, OutputReceiver<KV<String, DriftEvent>> out) {
      if (registered == null) {
        return;
      }
      List<String> drifted = new ArrayList<>();
      for (Map.Entry<String, String> c : e.columns().entrySet()) {
        if (c.getValue() != null && !registered.contains(c.getKey())) {
          drifted.add(c.getKey());
        }
      }
      if (!drifted.isEmpty()) {
        String period = e.periodReference();
        // '\0' cannot occur in a topic name, so the key separates (topic, period) unambiguously.
        String key = e.topicName() + '\0' + (period == null ? "" : "=" + period);
        out.output(KV.of(key, DriftEvent.of(e.topicName(), period, e.messageId(),
            e.ingestionTsMicros(), drifted)));
      }
    }
  }

  private static final class MergeDriftFn extends Combine.BinaryCombineFn<DriftEvent> {
    @Override
    public DriftEvent apply(DriftEvent left, DriftEvent right) {
      return left.merge(right);
    }
  }
}
