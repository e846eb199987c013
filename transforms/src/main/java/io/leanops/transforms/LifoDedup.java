package io.leanops.transforms;

import java.util.HashMap;
import java.util.Map;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.VarIntCoder;
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
  private static final TupleTag<KV<Integer, FlatEvent>> KEYED =
      new TupleTag<KV<Integer, FlatEvent>>() {};
  private static final TupleTag<FlatEvent> UNKEYED = new TupleTag<FlatEvent>() {};

  private final int shards;

  private LifoDedup(int shards) {
    this.shards = shards;
  }

  public static LifoDedup create() {
    return new LifoDedup(KeyShards.DEFAULT);
  }

  /**
   * Returns a transform like this one but grouping keys into {@code shards} groups (each resolved
   * in memory; see {@link KeyShards}). Raise it for very large batches.
   */
  public LifoDedup withShards(int shards) {
    return new LifoDedup(KeyShards.check(shards));
  }

  @Override
  public DedupResult expand(PCollection<FlatEvent> input) {
    PCollectionTuple split =
        input.apply("Shard by idempotency_key", ParDo.of(new ShardFn(shards))
            .withOutputTags(KEYED, TupleTagList.of(UNKEYED)));
    PCollection<KV<Integer, FlatEvent>> keyed =
        split.get(KEYED).setCoder(KvCoder.of(VarIntCoder.of(), FlatEvent.FlatEventCoder.of()));
    PCollectionTuple picked =
        keyed
            .apply("Group by shard", GroupByKey.create())
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

  private static final class ShardFn extends DoFn<FlatEvent, KV<Integer, FlatEvent>> {
    private final int shards;

    ShardFn(int shards) {
      this.shards = shards;
    }

    @ProcessElement
    public void process(@Element FlatEvent e, MultiOutputReceiver out) {
      String key = e.idempotencyKey();
      if (key == null) {
        out.get(UNKEYED).output(e);
      } else {
        out.get(KEYED).output(KV.of(KeyShards.of(key, shards), e));
      }
    }
  }

  private static final class KeepLatestFn
      extends DoFn<KV<Integer, Iterable<FlatEvent>>, FlatEvent> {
    private final Counter superseded = Metrics.counter(LifoDedup.class, "lifo_superseded");

    @ProcessElement
    public void process(@Element KV<Integer, Iterable<FlatEvent>> shard,
        MultiOutputReceiver out) {
      Map<String, FlatEvent> latest = new HashMap<>();
      for (FlatEvent e : shard.getValue()) {
        FlatEvent best = latest.get(e.idempotencyKey());
        if (best == null) {
          latest.put(e.idempotencyKey(), e);
        } else if (EventOrder.LIFO.compare(e, best) > 0) {
          out.get(DROPPED).output(best);
          superseded.inc();
          latest.put(e.idempotencyKey(), e);
        } else {
          out.get(DROPPED).output(e);
          superseded.inc();
        }
      }
      latest.values().forEach(out.get(KEPT)::output);
    }
  }
}
