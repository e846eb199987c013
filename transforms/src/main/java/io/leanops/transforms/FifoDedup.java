package io.leanops.transforms;

import org.apache.beam.sdk.coders.BooleanCoder;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.MapElements;
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
  private static final TupleTag<Boolean> STORED = new TupleTag<Boolean>() {};

  private final PCollection<String> storedIds;

  private FifoDedup(PCollection<String> storedIds) {
    this.storedIds = storedIds;
  }

  /** Deduplicates within the input only. */
  public static FifoDedup create() {
    return new FifoDedup(null);
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
    return new FifoDedup(storedMessageIds);
  }

  @Override
  public DedupResult expand(PCollection<FlatEvent> input) {
    PCollection<KV<String, FlatEvent>> incoming =
        input
            .apply("Key by message_id", WithKeys.of(FlatEvent::messageId)
                .withKeyType(TypeDescriptors.strings()))
            .setCoder(KvCoder.of(StringUtf8Coder.of(), FlatEvent.FlatEventCoder.of()));
    PCollection<String> ids =
        storedIds != null
            ? storedIds
            : input.getPipeline().apply("No stored ids", Create.empty(StringUtf8Coder.of()));
    PCollection<KV<String, Boolean>> stored =
        ids.apply("Mark stored ids", MapElements
                .into(TypeDescriptors.kvs(TypeDescriptors.strings(), TypeDescriptors.booleans()))
                .via(id -> KV.of(id, Boolean.TRUE)))
            .setCoder(KvCoder.of(StringUtf8Coder.of(), BooleanCoder.of()));
    PCollectionTuple tuple =
        KeyedPCollectionTuple.of(INCOMING, incoming)
            .and(STORED, stored)
            .apply("Group by message_id", CoGroupByKey.create())
            .apply("Keep earliest copy", ParDo.of(new KeepEarliestFn())
                .withOutputTags(KEPT, TupleTagList.of(DROPPED)));
    tuple.get(KEPT).setCoder(FlatEvent.FlatEventCoder.of());
    tuple.get(DROPPED).setCoder(FlatEvent.FlatEventCoder.of());
    return DedupResult.of(tuple, KEPT, DROPPED);
  }

  private static final class KeepEarliestFn extends DoFn<KV<String, CoGbkResult>, FlatEvent> {
    private final Counter duplicates = Metrics.counter(FifoDedup.class, "fifo_duplicates");

    @ProcessElement
    public void process(@Element KV<String, CoGbkResult> group, MultiOutputReceiver out) {
      boolean alreadyStored = group.getValue().getAll(STORED).iterator().hasNext();
      FlatEvent earliest = null;
      for (FlatEvent e : group.getValue().getAll(INCOMING)) {
        if (alreadyStored) {
          drop(e, out);
        } else if (earliest == null) {
          earliest = e;
        } else if (EventOrder.FIFO.compare(e, earliest) < 0) {
          drop(earliest, out);
          earliest = e;
        } else {
          drop(e, out);
        }
      }
      if (earliest != null) {
        out.get(KEPT).output(earliest);
      }
    }

    private void drop(FlatEvent e, MultiOutputReceiver out) {
      out.get(DROPPED).output(e);
      duplicates.inc();
    }
  }
}
