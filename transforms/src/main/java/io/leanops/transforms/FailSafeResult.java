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
 * The two outputs of a transform that never drops input: the elements it passes on ({@link
 * #output()}) and the ones it rejects, each with every reason ({@link #failures()}).
 */
public final class FailSafeResult<T> implements POutput {
  private final Pipeline pipeline;
  private final TupleTag<T> outputTag;
  private final PCollection<T> output;
  private final TupleTag<RejectedEvent> failuresTag;
  private final PCollection<RejectedEvent> failures;

  private FailSafeResult(PCollectionTuple tuple, TupleTag<T> outputTag,
      TupleTag<RejectedEvent> failuresTag) {
    this.pipeline = tuple.getPipeline();
    this.outputTag = outputTag;
    this.output = tuple.get(outputTag);
    this.failuresTag = failuresTag;
    this.failures = tuple.get(failuresTag);
  }

  static <T> FailSafeResult<T> of(PCollectionTuple tuple, TupleTag<T> outputTag,
      TupleTag<RejectedEvent> failuresTag) {
    return new FailSafeResult<>(tuple, outputTag, failuresTag);
  }

  public PCollection<T> output() {
    return output;
  }

  public PCollection<RejectedEvent> failures() {
    return failures;
  }

  @Override
  public Pipeline getPipeline() {
    return pipeline;
  }

  @Override
  public Map<TupleTag<?>, PValue> expand() {
    return Map.of(outputTag, output, failuresTag, failures);
  }

  @Override
  public void finishSpecifyingOutput(String transformName, PInput input,
      PTransform<?, ?> transform) {}
}
