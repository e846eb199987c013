package io.leanops.transforms;

import static io.leanops.transforms.Events.existing;
import static io.leanops.transforms.Events.flat;
import static io.leanops.transforms.Events.micros;
import static org.junit.Assert.assertNotEquals;

import io.leanops.schemas.ColumnSpec;
import io.leanops.schemas.ColumnType;
import io.leanops.schemas.Lookback;
import io.leanops.schemas.TopicSchema;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.junit.Rule;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

/**
 * Every transform gives the same result whatever the input order and bundling (SPEC.md §1: every
 * tie is broken by a stated rule). Each input is fed three ways — as written in one Create, reversed
 * as a Flatten of three Creates, and shuffled with a fixed seed as a Flatten of two Creates — and
 * each way must give the expected set derived from the spec's rules. The data holds ties that a
 * naive "first seen wins" would break differently in the written and reversed orders.
 */
@RunWith(JUnit4.class)
public class DeterminismTest {
  @Rule public final transient TestPipeline p = TestPipeline.create();

  private static final long SEED = 20260128L;

  /** The three orderings: as written, reversed, shuffled. */
  private static <T> List<List<T>> orderings(List<T> asWritten) {
    List<T> reversed = new ArrayList<>(asWritten);
    Collections.reverse(reversed);
    List<T> shuffled = new ArrayList<>(asWritten);
    Collections.shuffle(shuffled, new Random(SEED));
    return List.of(asWritten, reversed, shuffled);
  }

  /** Feeds {@code items} as one Create ({@code parts} = 1) or a Flatten of {@code parts} Creates. */
  private <T> PCollection<T> feed(String name, List<T> items, Coder<T> coder, int parts) {
    if (parts == 1) {
      return p.apply(name, Create.of(items).withCoder(coder));
    }
    PCollectionList<T> list = PCollectionList.empty(p);
    int n = items.size();
    for (int i = 0; i < parts; i++) {
      List<T> chunk = new ArrayList<>(items.subList(i * n / parts, (i + 1) * n / parts));
      list = list.and(p.apply(name + " part " + i, Create.of(chunk).withCoder(coder)));
    }
    return list.apply(name + " flatten", Flatten.pCollections());
  }

  private static final int[] PARTS = {1, 3, 2};

  /**
   * Checks the data really has ties that order-dependent code would break differently: for some
   * group, the first element seen differs between the written and reversed orders.
   */
  private static <T> void assertFirstSeenDiffers(List<T> asWritten, Function<T, String> group) {
    List<T> reversed = new ArrayList<>(asWritten);
    Collections.reverse(reversed);
    Map<String, T> firstWritten = new java.util.HashMap<>();
    Map<String, T> firstReversed = new java.util.HashMap<>();
    asWritten.forEach(t -> firstWritten.putIfAbsent(group.apply(t), t));
    reversed.forEach(t -> firstReversed.putIfAbsent(group.apply(t), t));
    assertNotEquals("test data must contain order-sensitive ties", firstWritten, firstReversed);
  }

  @Test
  public void fifoDedupIgnoresOrderAndBundling() {
    FlatEvent c1 = flat("m1").ingested(100).file("raw/b", 1).col("copy", "c1").build();
    FlatEvent c2 = flat("m1").ingested(100).file("raw/a", 9).col("copy", "c2").build();
    FlatEvent c3 = flat("m1").ingested(100).file("raw/a", 2).col("copy", "c3").build();
    FlatEvent c4 = flat("m1").ingested(200).file("raw/0", 0).col("copy", "c4").build();
    FlatEvent d1 = flat("m2").ingested(50).file("raw/z", 0).col("copy", "d1").build();
    FlatEvent d2 = flat("m2").ingested(50).file("raw/z", 1).col("copy", "d2").build();
    FlatEvent single = flat("m3").ingested(1).build();
    List<FlatEvent> data = List.of(c4, c1, d2, c2, single, c3, d1);
    assertFirstSeenDiffers(data, FlatEvent::messageId);
    List<List<FlatEvent>> orders = orderings(data);
    for (int i = 0; i < orders.size(); i++) {
      DedupResult r = feed("fifo input " + i, orders.get(i), FlatEvent.FlatEventCoder.of(),
          PARTS[i]).apply("fifo " + i, FifoDedup.create());
      PAssert.that("kept " + i, r.kept()).containsInAnyOrder(c3, d1, single);
      PAssert.that("dropped " + i, r.dropped()).containsInAnyOrder(c1, c2, c4, d2);
    }
    p.run();
  }

  @Test
  public void lifoDedupIgnoresOrderAndBundling() {
    FlatEvent e1 = flat("m-a").key("k1").updated("2026-01-28T10:00:00Z").ingested(5).build();
    FlatEvent e2 = flat("m-c").key("k1").updated("2026-01-28T11:00:00+01:00").ingested(5).build();
    FlatEvent e3 = flat("m-b").key("k1").updated("2026-01-28T10:00:00Z").ingested(5).build();
    FlatEvent e4 = flat("m-z").key("k1").updated("2026-01-28T09:00:00Z").ingested(9).build();
    FlatEvent f1 = flat("m-x").key("k2").updated("garbage").ingested(100).build();
    FlatEvent f2 = flat("m-y").key("k2").updated("2020-01-01T00:00:00Z").ingested(1).build();
    FlatEvent g1 = flat("m-g").updated("2026-01-01T00:00:00Z").build();
    List<FlatEvent> data = List.of(e4, f1, e1, g1, e3, f2, e2);
    assertFirstSeenDiffers(data, e -> String.valueOf(e.idempotencyKey()));
    List<List<FlatEvent>> orders = orderings(data);
    for (int i = 0; i < orders.size(); i++) {
      DedupResult r = feed("lifo input " + i, orders.get(i), FlatEvent.FlatEventCoder.of(),
          PARTS[i]).apply("lifo " + i, LifoDedup.create());
      PAssert.that("kept " + i, r.kept()).containsInAnyOrder(e2, f2, g1);
      PAssert.that("dropped " + i, r.dropped()).containsInAnyOrder(e1, e3, e4, f1);
    }
    p.run();
  }

  @Test
  public void driftDetectIgnoresOrderAndBundling() {
    TopicSchema schema = TopicSchema.builder("events", "1.0.0")
        .payload("user_id", ColumnType.BIGINT).build();
    List<FlatEvent> data = List.of(
        flat("m-b").period("2026-01").ingested(10).col("x", "1").build(),
        flat("m-q").period("2026-02").ingested(5).col("w", "1").build(),
        flat("m-0").period("2026-01").ingested(20).col("z", "1").build(),
        flat("m-a").period("2026-01").ingested(10).col("y", "1").build(),
        flat("m-p").period("2026-02").ingested(5).col("w", "2").build());
    assertFirstSeenDiffers(data, FlatEvent::periodReference);
    List<List<FlatEvent>> orders = orderings(data);
    for (int i = 0; i < orders.size(); i++) {
      PCollection<DriftEvent> drift = feed("drift input " + i, orders.get(i),
          FlatEvent.FlatEventCoder.of(), PARTS[i]).apply("drift " + i, DriftDetect.against(schema));
      PAssert.that("drift " + i, drift).containsInAnyOrder(
          DriftEvent.of("events", "2026-01", "m-a", 10, List.of("x", "y", "z")),
          DriftEvent.of("events", "2026-02", "m-p", 5, List.of("w")));
    }
    p.run();
  }

  @Test
  public void crossPeriodMergeIgnoresOrderAndBundlingOfIncomingAndExistingRows() {
    String jan29 = "2026-01-29T10:00:00Z";
    FlatEvent j1 = flat("m-a").key("k1").period("2026-02").updated(jan29).ingested(5).build();
    FlatEvent j2 = flat("m-b").key("k1").period("2026-01").updated(jan29).ingested(5).build();
    FlatEvent j3 = flat("m-c").key("k1").period("2026-01").updated("2026-01-28T10:00:00Z")
        .ingested(50).build();
    FlatEvent k2 = flat("m-d").key("k2").period("2026-01").updated(jan29).build();
    ExistingRow r1 = existing("k1", "2026-01", "2026-01-28T10:00:00Z", "2026-01-28T10:05:00Z",
        "cur/b.parquet", 0);
    ExistingRow r2 = existing("k1", "2026-02", "2026-01-20T00:00:00Z", "2026-01-20T00:00:00Z",
        "cur/a.parquet", 1);
    ExistingRow r3 = existing("k9", "2026-01", "2026-01-20T00:00:00Z", "2026-01-20T00:00:00Z",
        "cur/a.parquet", 2);
    List<FlatEvent> incoming = List.of(j1, k2, j3, j2);
    List<ExistingRow> stored = List.of(r1, r3, r2);
    assertFirstSeenDiffers(incoming, FlatEvent::idempotencyKey);
    // The LIFO winner of k1 is j2 (same last_updated_ts and ingestion as j1, greater message id);
    // within ±1 month of 2026-01 it matches r1 and r2, is newer than both, and keeps the earliest
    // first_seen_ts (r2's).
    MergeAction update = MergeAction.update(j2, List.of(r2, r1), micros("2026-01-20T00:00:00Z"));
    List<List<FlatEvent>> inOrders = orderings(incoming);
    List<List<ExistingRow>> storedOrders = orderings(stored);
    for (int i = 0; i < inOrders.size(); i++) {
      PCollection<ExistingRow> rows = feed("existing " + i, storedOrders.get(i),
          ExistingRow.ExistingRowCoder.of(), PARTS[(i + 1) % PARTS.length]);
      PCollection<MergeAction> plan = feed("merge input " + i, inOrders.get(i),
          FlatEvent.FlatEventCoder.of(), PARTS[i])
          .apply("merge " + i, CrossPeriodMerge.into(rows).withLookback(Lookback.months(1)));
      PAssert.that("plan " + i, plan).containsInAnyOrder(update,
          MergeAction.skip(j1, List.of()), MergeAction.skip(j3, List.of()),
          MergeAction.insert(k2));
    }
    p.run();
  }

  @Test
  public void cdeValidateIgnoresOrderAndBundling() {
    TopicSchema schema = TopicSchema.builder("events", "1.0.0").envelope(List.of())
        .payload(ColumnSpec.of("n", ColumnType.INT).withRequired(true)).build();
    FlatEvent ok1 = flat("ok1").period("2026-01").col("n", "1").build();
    FlatEvent ok2 = flat("ok2").period("2026-01").col("n", "2").build();
    FlatEvent bad = flat("bad").period("2026-01").col("n", "x").build();
    FlatEvent drift = flat("drift").period("2026-01").col("n", "3").col("extra", "y").build();
    List<FlatEvent> data = List.of(ok1, bad, drift, ok2);
    List<List<FlatEvent>> orders = orderings(data);
    for (int i = 0; i < orders.size(); i++) {
      FailSafeResult<FlatEvent> r = feed("cde input " + i, orders.get(i),
          FlatEvent.FlatEventCoder.of(), PARTS[i]).apply("cde " + i, CdeValidate.against(schema));
      PAssert.that("valid " + i, r.output()).containsInAnyOrder(ok1, ok2);
      PAssert.that("rejected " + i, r.failures().apply("ids " + i,
          MapElements.into(TypeDescriptors.strings()).via(f -> f.messageId() + ":" + f.errorType())))
          .containsInAnyOrder("bad:CDE_VIOLATION", "drift:SCHEMA_DRIFT");
    }
    p.run();
  }

  @Test
  public void flattenPayloadIgnoresOrderAndBundling() {
    RawEvent a = Events.raw("r1", "{\"A\":{\"B\":1}}");
    RawEvent b = Events.raw("r2", "[1]");
    RawEvent c = Events.raw("r3", "{\"x\":[1, 2]}");
    List<RawEvent> data = List.of(a, b, c);
    List<List<RawEvent>> orders = orderings(data);
    for (int i = 0; i < orders.size(); i++) {
      FailSafeResult<FlatEvent> r = feed("raw input " + i, orders.get(i),
          RawEvent.RawEventCoder.of(), PARTS[i]).apply("flatten " + i, FlattenPayload.create());
      PAssert.that("flat " + i, r.output()).containsInAnyOrder(
          FlatEvent.from(a, Map.of("a_b", "1")), FlatEvent.from(c, Map.of("x", "[1, 2]")));
      PAssert.that("failed " + i, r.failures().apply("ids " + i,
          MapElements.into(TypeDescriptors.strings()).via(f -> f.messageId() + ":" + f.errorType())))
          .containsInAnyOrder("r2:NOT_OBJECT");
    }
    p.run();
  }
}
