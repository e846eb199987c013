package io.leanops.transforms;

import java.util.Map;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.PInput;
import org.apache.beam.sdk.values.POutput;
import org.apache.beam.sdk.values.PValue;
import org.apache.beam.sdk.values.TupleTag;

/**
 * The outputs of a deduplication: the copy kept per key ({@link #kept()}) and every other copy
 * ({@link #dropped()}), so callers can count what was removed per period and nothing disappears
 * unaccounted.
 */
public final class DedupResult implements POutput {
  private final Pipeline pipeline;
  private final TupleTag<FlatEvent> keptTag;
  private final PCollection<FlatEvent> kept;
  private final TupleTag<FlatEvent> droppedTag;
  private final PCollection<FlatEvent> dropped;

  private DedupResult(PCollectionTuple tuple, TupleTag<FlatEvent> keptTag,
      TupleTag<FlatEvent> droppedTag) {
    this.pipeline = tuple.getPipeline();
    this.keptTag = keptTag;
    this.kept = tuple.get(keptTag);
    this.droppedTag = droppedTag;
    this.dropped = tuple.get(droppedTag);
  }

  static DedupResult of(PCollectionTuple tuple, TupleTag<FlatEvent> keptTag,
      TupleTag<FlatEvent> droppedTag) {
    return new DedupResult(tuple, keptTag, droppedTag);
  }

  /** One event per key: the winner under the transform's order. */
  public PCollection<FlatEvent> kept() {
    return kept;
  }

  /** Every event that lost to a winner (or to a key already stored). */
  public PCollection<FlatEvent> dropped() {
    return dropped;
  }

  @Override
  public Pipeline getPipeline() {
    return pipeline;
  }

  @Override
  public Map<TupleTag<?>, PValue> expand() {
    return Map.of(keptTag, kept, droppedTag, dropped);
  }

  @Override
  public void finishSpecifyingOutput(String transformName, PInput input,
      PTransform<?, ?> transform) {}
}
