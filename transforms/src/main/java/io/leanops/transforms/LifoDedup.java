package io.leanops.transforms;

import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.GroupByKey;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;

/**
 * Keeps the latest version of each {@code idempotency_key} in a batch (SPEC.md §3.5 and §4.5):
 * corrections repeat the business key with a newer {@code last_updated_ts}.
 *
 * <p>"Latest" is {@link EventOrder#LIFO}: greatest {@code last_updated_ts} (missing or unparseable
 * counts as oldest), then greatest {@code ingestion_ts}, then greatest {@code message_id} — a total
 * order, so the result does not depend on input order, bundling or runner. Superseded versions go
 * to {@link DedupResult#dropped()} to be counted, not stored. Events without an {@code
 * idempotency_key} have nothing to be deduplicated against and are all kept.
 */
public final class LifoDedup extends PTransform<PCollection<FlatEvent>, DedupResult> {
  private static final TupleTag<FlatEvent> KEPT = new TupleTag<FlatEvent>() {};
  private static final TupleTag<FlatEvent> DROPPED = new TupleTag<FlatEvent>() {};
  private static final TupleTag<KV<String, FlatEvent>> KEYED =
      new TupleTag<KV<String, FlatEvent>>() {};
  private static final TupleTag<FlatEvent> UNKEYED = new TupleTag<FlatEvent>() {};

  private LifoDedup() {}

  public static LifoDedup create() {
    return new LifoDedup();
  }

  @Override
  public DedupResult expand(PCollection<FlatEvent> input) {
    PCollectionTuple split =
        input.apply("Key by idempotency_key", ParDo.of(new KeyByIdempotencyKeyFn())
            .withOutputTags(KEYED, TupleTagList.of(UNKEYED)));
    PCollection<KV<String, FlatEvent>> keyed =
        split.get(KEYED).setCoder(KvCoder.of(StringUtf8Coder.of(), FlatEvent.FlatEventCoder.of()));
    PCollectionTuple picked =
        keyed
            .apply("Group by idempotency_key", GroupByKey.create())
            .apply("Keep latest version", ParDo.of(new KeepLatestFn())
                .withOutputTags(KEPT, TupleTagList.of(DROPPED)));
    picked.get(KEPT).setCoder(FlatEvent.FlatEventCoder.of());
    picked.get(DROPPED).setCoder(FlatEvent.FlatEventCoder.of());
    PCollection<FlatEvent> kept =
        PCollectionList.of(picked.get(KEPT))
            .and(split.get(UNKEYED).setCoder(FlatEvent.FlatEventCoder.of()))
            .apply("With events without key", Flatten.pCollections());
    return DedupResult.of(
        PCollectionTuple.of(KEPT, kept).and(DROPPED, picked.get(DROPPED)), KEPT, DROPPED);
  }

  private static final class KeyByIdempotencyKeyFn extends DoFn<FlatEvent, KV<String, FlatEvent>> {
    @ProcessElement
    public void process(@Element FlatEvent e, MultiOutputReceiver out) {
      String key = e.idempotencyKey();
      if (key == null) {
        out.get(UNKEYED).output(e);
      } else {
        out.get(KEYED).output(KV.of(key, e));
      }
    }
  }

  private static final class KeepLatestFn extends DoFn<KV<String, Iterable<FlatEvent>>, FlatEvent> {
    private final Counter superseded = Metrics.counter(LifoDedup.class, "lifo_superseded");

    @ProcessElement
    public void process(@Element KV<String, Iterable<FlatEvent>> group, MultiOutputReceiver out) {
      FlatEvent latest = null;
      for (FlatEvent e : group.getValue()) {
        if (latest == null) {
          latest = e;
        } else if (EventOrder.LIFO.compare(e, latest) > 0) {
          out.get(DROPPED).output(latest);
          superseded.inc();
          latest = e;
        } else {
          out.get(DROPPED).output(e);
          superseded.inc();
        }
      }
      out.get(KEPT).output(latest);
    }
  }
}
