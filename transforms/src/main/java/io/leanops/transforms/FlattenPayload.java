package io.leanops.transforms;

import java.util.List;
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
 * Turns each RAW event's JSON text into flat STRING columns (SPEC.md §3.3), following {@link
 * JsonFlattener}: {@code {"device":{"os":{"name":"android"}}}} gives {@code device_os_name =
 * "android"}; arrays keep their JSON text; JSON null gives null.
 *
 * <p>Nothing is dropped: a payload that is not JSON, not an object, nested deeper than {@link
 * #withMaxDepth the limit}, or whose fields collide after flattening goes to {@link
 * FailSafeResult#failures()} as a {@link RejectedEvent} with the original text and the reason. The
 * {@code message_id} column is always the RAW message id (given or derived at ingest).
 *
 * <pre>{@code
 * FailSafeResult<FlatEvent> flat = raw.apply(FlattenPayload.create());
 * flat.output();    // one FlatEvent per parseable RAW event
 * flat.failures();  // one RejectedEvent per other RAW event
 * }</pre>
 */
public final class FlattenPayload
    extends PTransform<PCollection<RawEvent>, FailSafeResult<FlatEvent>> {
  private static final TupleTag<FlatEvent> FLAT = new TupleTag<FlatEvent>() {};
  private static final TupleTag<RejectedEvent> FAILED = new TupleTag<RejectedEvent>() {};

  private final int maxDepth;

  private FlattenPayload(int maxDepth) {
    this.maxDepth = maxDepth;
  }

  /** Flattens with the default nesting limit of {@value JsonFlattener#DEFAULT_MAX_DEPTH}. */
  public static FlattenPayload create() {
    return new FlattenPayload(JsonFlattener.DEFAULT_MAX_DEPTH);
  }

  /** Returns a transform like this one but rejecting payloads nested deeper than {@code depth}. */
  public FlattenPayload withMaxDepth(int depth) {
    if (depth < 1) {
      throw new IllegalArgumentException("max depth must be at least 1, got " + depth);
    }
    return new FlattenPayload(depth);
  }

  @Override
  public FailSafeResult<FlatEvent> expand(PCollection<RawEvent> input) {
    PCollectionTuple tuple =
        input.apply("Flatten JSON", ParDo.of(new FlattenFn(maxDepth))
            .withOutputTags(FLAT, TupleTagList.of(FAILED)));
    tuple.get(FLAT).setCoder(FlatEvent.FlatEventCoder.of());
    tuple.get(FAILED).setCoder(RejectedEvent.RejectedEventCoder.of());
    return FailSafeResult.of(tuple, FLAT, FAILED);
  }

  private static final class FlattenFn extends DoFn<RawEvent, FlatEvent> {
    private final Counter flattened = Metrics.counter(FlattenPayload.class, "flattened");
    private final Counter failed = Metrics.counter(FlattenPayload.class, "failed");
    private final int maxDepth;
    private transient JsonFlattener flattener;

    FlattenFn(int maxDepth) {
      this.maxDepth = maxDepth;
    }

    @Setup
    public void setup() {
      flattener = new JsonFlattener(maxDepth);
    }

    @ProcessElement
    public void process(@Element RawEvent raw, MultiOutputReceiver out) {
      try {
        out.get(FLAT).output(FlatEvent.from(raw, flattener.flatten(raw.jsonPayload())));
        flattened.inc();
      } catch (JsonFlattener.FlattenException e) {
        out.get(FAILED).output(RejectedEvent.of(raw.topicName(), raw.messageId(), null, null,
            e.errorType(), List.of(e.getMessage()), raw.jsonPayload()));
        failed.inc();
      }
    }
  }
}
