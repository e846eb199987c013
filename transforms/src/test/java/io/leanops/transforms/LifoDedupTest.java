package io.leanops.transforms;

import static io.leanops.transforms.Events.flat;
import static org.junit.Assert.assertEquals;

import java.util.Arrays;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.metrics.MetricNameFilter;
import org.apache.beam.sdk.metrics.MetricResult;
import org.apache.beam.sdk.metrics.MetricsFilter;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Count;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.values.PCollection;
import org.junit.Rule;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

@RunWith(JUnit4.class)
public class LifoDedupTest {
  @Rule public final transient TestPipeline p = TestPipeline.create();

  private PCollection<FlatEvent> input(FlatEvent... events) {
    return p.apply("input", Create.of(Arrays.asList(events))
        .withCoder(FlatEvent.FlatEventCoder.of()));
  }

  @Test
  public void latestLastUpdatedTsWins() {
    FlatEvent v1 = flat("m1").key("k").updated("2026-01-28T10:00:00Z").ingested(300).build();
    FlatEvent v3 = flat("m2").key("k").updated("2026-01-28T12:00:00Z").ingested(100).build();
    FlatEvent v2 = flat("m3").key("k").updated("2026-01-28T11:00:00Z").ingested(200).build();
    DedupResult r = input(v1, v3, v2).apply(LifoDedup.create());
    PAssert.that(r.kept()).containsInAnyOrder(v3);
    PAssert.that(r.dropped()).containsInAnyOrder(v1, v2);
    p.run();
  }

  @Test
  public void equalLastUpdatedTsKeepsLatestIngested() {
    FlatEvent later = flat("m1").key("k").updated("2026-01-28T10:00:00Z").ingested(200).build();
    FlatEvent earlier = flat("m2").key("k").updated("2026-01-28T10:00:00Z").ingested(100).build();
    DedupResult r = input(later, earlier).apply(LifoDedup.create());
    PAssert.that(r.kept()).containsInAnyOrder(later);
    PAssert.that(r.dropped()).containsInAnyOrder(earlier);
    p.run();
  }

  @Test
  public void equalLastUpdatedAndIngestionKeepsGreatestMessageId() {
    FlatEvent mB = flat("m-b").key("k").updated("2026-01-28T10:00:00Z").ingested(100).build();
    FlatEvent mC = flat("m-c").key("k").updated("2026-01-28T10:00:00Z").ingested(100).build();
    FlatEvent mA = flat("m-a").key("k").updated("2026-01-28T10:00:00Z").ingested(100).build();
    DedupResult r = input(mB, mC, mA).apply(LifoDedup.create());
    PAssert.that(r.kept()).containsInAnyOrder(mC);
    PAssert.that(r.dropped()).containsInAnyOrder(mA, mB);
    p.run();
  }

  @Test
  public void missingOrUnparseableLastUpdatedTsLosesToAnyParseableOne() {
    FlatEvent parseable = flat("m1").key("k").updated("1970-01-01T00:00:01Z").ingested(1).build();
    FlatEvent garbage = flat("m2").key("k").updated("not a time").ingested(900).build();
    FlatEvent missing = flat("m3").key("k").ingested(999).build();
    FlatEvent explicitNull = flat("m4").key("k").updated(null).ingested(998).build();
    DedupResult r = input(garbage, parseable, missing, explicitNull).apply(LifoDedup.create());
    PAssert.that(r.kept()).containsInAnyOrder(parseable);
    PAssert.that(r.dropped()).containsInAnyOrder(garbage, missing, explicitNull);
    p.run();
  }

  @Test
  public void timestampsInDifferentOffsetsAreComparedAsInstants() {
    // 11:00+01:00 is the same instant as 10:00Z: the tie goes to the later ingestion, whichever
    // text sorts greater.
    FlatEvent utc = flat("m1").key("k").updated("2026-01-28T10:00:00Z").ingested(200).build();
    FlatEvent paris = flat("m2").key("k").updated("2026-01-28T11:00:00+01:00").ingested(100).build();
    DedupResult r = input(paris, utc).apply(LifoDedup.create());
    PAssert.that(r.kept()).containsInAnyOrder(utc);
    PAssert.that(r.dropped()).containsInAnyOrder(paris);
    p.run();
  }

  @Test
  public void offsetTimestampLaterAsInstantWinsAlthoughItsTextSortsFirst() {
    FlatEvent utc = flat("m1").key("k").updated("2026-01-28T10:00:00Z").ingested(200).build();
    FlatEvent ny = flat("m2").key("k").updated("2026-01-28T09:30:00-05:00").ingested(100).build();
    DedupResult r = input(utc, ny).apply(LifoDedup.create());
    PAssert.that(r.kept()).containsInAnyOrder(ny);
    PAssert.that(r.dropped()).containsInAnyOrder(utc);
    p.run();
  }

  @Test
  public void eventsWithoutIdempotencyKeyAreAllKept() {
    FlatEvent a = flat("m1").updated("2026-01-28T10:00:00Z").build();
    FlatEvent b = flat("m2").updated("2026-01-28T11:00:00Z").build();
    FlatEvent c = flat("m3").key(null).updated("2026-01-28T12:00:00Z").build();
    DedupResult r = input(a, b, c).apply(LifoDedup.create());
    PAssert.that(r.kept()).containsInAnyOrder(a, b, c);
    PAssert.that(r.dropped()).empty();
    p.run();
  }

  @Test
  public void differentKeysAreDeduplicatedSeparately() {
    FlatEvent k1old = flat("m1").key("k1").updated("2026-01-01T00:00:00Z").build();
    FlatEvent k1new = flat("m2").key("k1").updated("2026-01-02T00:00:00Z").build();
    FlatEvent k2only = flat("m3").key("k2").updated("2025-01-01T00:00:00Z").build();
    DedupResult r = input(k1old, k1new, k2only).apply(LifoDedup.create());
    PAssert.that(r.kept()).containsInAnyOrder(k1new, k2only);
    PAssert.that(r.dropped()).containsInAnyOrder(k1old);
    p.run();
  }

  @Test
  public void supersededVersionsAreCountedThroughDropped() {
    FlatEvent[] events = new FlatEvent[7];
    for (int i = 0; i < 5; i++) {
      events[i] = flat("a" + i).key("ka").updated("2026-01-0" + (i + 1) + "T00:00:00Z").build();
    }
    events[5] = flat("b0").key("kb").updated("2026-01-01T00:00:00Z").build();
    events[6] = flat("b1").key("kb").updated("2026-01-02T00:00:00Z").build();
    DedupResult r = input(events).apply(LifoDedup.create());
    // 5 versions of ka (4 superseded) + 2 of kb (1 superseded)
    PAssert.thatSingleton(r.dropped().apply("count dropped", Count.globally())).isEqualTo(5L);
    PAssert.thatSingleton(r.kept().apply("count kept", Count.globally())).isEqualTo(2L);
    p.run();
  }

  @Test
  public void supersededVersionsAreCountedInTheSupersededMetric() {
    FlatEvent a = flat("m1").key("k").updated("2026-01-01T00:00:00Z").build();
    FlatEvent b = flat("m2").key("k").updated("2026-01-02T00:00:00Z").build();
    FlatEvent c = flat("m3").key("k").updated("2026-01-03T00:00:00Z").build();
    FlatEvent other = flat("m4").key("j").build();
    input(a, b, c, other).apply(LifoDedup.create());
    PipelineResult result = p.run();
    result.waitUntilFinish();
    long superseded = 0;
    for (MetricResult<Long> m : result.metrics()
        .queryMetrics(MetricsFilter.builder()
            .addNameFilter(MetricNameFilter.named(
                LifoDedup.class, "lifo_superseded"))
            .build())
        .getCounters()) {
      superseded += m.getAttempted();
    }
    assertEquals(2L, superseded);
  }

  @Test
  public void emptyInputGivesEmptyOutputs() {
    DedupResult r = input().apply(LifoDedup.create());
    PAssert.that(r.kept()).empty();
    PAssert.that(r.dropped()).empty();
    p.run();
  }
}
