package io.leanops.transforms;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarIntCoder;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.WithKeys;
import org.apache.beam.sdk.transforms.join.CoGbkResult;
import org.apache.beam.sdk.transforms.join.CoGroupByKey;
import org.apache.beam.sdk.transforms.join.KeyedPCollectionTuple;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;
import org.apache.beam.sdk.values.TypeDescriptors;

/**
 * Keeps the earliest copy of each {@code message_id} (SPEC.md §3.4): producer retries repeat a
 * message id, and only the first copy is real.
 *
 * <p>"Earliest" is {@link EventOrder#FIFO}: smallest {@code ingestion_ts}, then smallest RAW file
 * path, then position — a total order, so the winner does not depend on input order, bundling or
 * runner. With {@link #againstStored}, message ids already stored (e.g. in STANDARDIZED) win over
 * every incoming copy, so a table never holds a message id twice, across runs too.
 *
 * <pre>{@code
 * DedupResult fifo = flat.apply(FifoDedup.create().againstStored(standardizedIds));
 * fifo.kept();     // one event per new message_id
 * fifo.dropped();  // the other copies: counted as FIFO duplicates
 * }</pre>
 */
public final class FifoDedup extends PTransform<PCollection<FlatEvent>, DedupResult> {
  private static final TupleTag<FlatEvent> KEPT = new TupleTag<FlatEvent>() {};
  private static final TupleTag<FlatEvent> DROPPED = new TupleTag<FlatEvent>() {};
  private static final TupleTag<FlatEvent> INCOMING = new TupleTag<FlatEvent>() {};
  private static final TupleTag<String> STORED = new TupleTag<String>() {};

  private final PCollection<String> storedIds;
  private final int shards;

  private FifoDedup(PCollection<String> storedIds, int shards) {
    this.storedIds = storedIds;
    this.shards = shards;
  }

  /** Deduplicates within the input only. */
  public static FifoDedup create() {
    return new FifoDedup(null, KeyShards.DEFAULT);
  }

  /**
   * Returns a transform like this one but grouping message ids into {@code shards} groups (each
   * resolved in memory; see {@link KeyShards}). Raise it for very large batches.
   */
  public FifoDedup withShards(int shards) {
    return new FifoDedup(storedIds, KeyShards.check(shards));
  }

  /**
   * Returns a transform like this one but that also drops every incoming copy whose message id is
   * in {@code storedMessageIds} (the ids already written by earlier runs).
   */
  public FifoDedup againstStored(PCollection<String> storedMessageIds) {
    if (storedMessageIds == null) {
      throw new IllegalArgumentException(
          "storedMessageIds must not be null; use FifoDedup.create() when nothing is stored yet");
    }
    return new FifoDedup(storedMessageIds, shards);
  }

  @Override
  public DedupResult expand(PCollection<FlatEvent> input) {
    int n = shards;
    PCollection<KV<Integer, FlatEvent>> incoming =
        input
            .apply("Shard by message_id", WithKeys.of((FlatEvent e) -> KeyShards.of(e.messageId(), n))
                .withKeyType(TypeDescriptors.integers()))
            .setCoder(KvCoder.of(VarIntCoder.of(), FlatEvent.FlatEventCoder.of()));
    PCollection<String> ids =
        storedIds != null
            ? storedIds
            : input.getPipeline().apply("No stored ids", Create.empty(StringUtf8Coder.of()));
    PCollection<KV<Integer, String>> stored =
        ids.apply("Shard stored ids", WithKeys.of((String id) -> KeyShards.of(id, n))
                .withKeyType(TypeDescriptors.integers()))
            .setCoder(KvCoder.of(VarIntCoder.of(), StringUtf8Coder.of()));
    PCollectionTuple tuple =
        KeyedPCollectionTuple.of(INCOMING, incoming)
            .and(STORED, stored)
            .apply("Group by shard", CoGroupByKey.create())
            .apply("Keep earliest copy", ParDo.of(new KeepEarliestFn())
                .withOutputTags(KEPT, TupleTagList.of(DROPPED)));
    tuple.get(KEPT).setCoder(FlatEvent.FlatEventCoder.of());
    tuple.get(DROPPED).setCoder(FlatEvent.FlatEventCoder.of());
    return DedupResult.of(tuple, KEPT, DROPPED);
  }

  private static final class KeepEarliestFn extends DoFn<KV<Integer, CoGbkResult>, FlatEvent> {
    private final Counter duplicates = Metrics.counter(FifoDedup.class, "fifo_duplicates");

    @ProcessElement
    public void process(@Element KV<Integer, CoGbkResult> shard, MultiOutputReceiver out) {
      Set<String> stored = new HashSet<>();
      shard.getValue().getAll(STORED).forEach(stored::add);
      Map<String, FlatEvent> earliest = new HashMap<>();
      for (FlatEvent e : shard.getValue().getAll(INCOMING)) {
        if (stored.contains(e.messageId())) {
          drop(e, out);
          continue;
        }
        FlatEvent best = earliest.get(e.messageId());
        if (best == null) {
          earliest.put(e.messageId(), e);
        } else if (EventOrder.FIFO.compare(e, best) < 0) {
          drop(best, out);
          earliest.put(e.messageId(), e);
        } else {
          drop(e, out);
        }
      }
      earliest.values().forEach(out.get(KEPT)::output);
    }

    private void drop(FlatEvent e, MultiOutputReceiver out) {
      out.get(DROPPED).output(e);
      duplicates.inc();
    }
  }
}
