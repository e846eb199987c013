package io.leanops.transforms;

import static io.leanops.transforms.Events.flat;

import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.values.PCollection;
import org.junit.Rule;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

@RunWith(JUnit4.class)
public class FifoDedupTest {
  @Rule public final transient TestPipeline p = TestPipeline.create();

  private PCollection<FlatEvent> input(FlatEvent... events) {
    return p.apply("input", Create.of(java.util.Arrays.asList(events))
        .withCoder(FlatEvent.FlatEventCoder.of()));
  }

  @Test
  public void keepsEarliestIngestedCopyOfRetriedMessage() {
    FlatEvent late = flat("m1").ingested(300).file("a.parquet", 0).col("x", "late").build();
    FlatEvent early = flat("m1").ingested(100).file("z.parquet", 9).col("x", "early").build();
    FlatEvent middle = flat("m1").ingested(200).file("b.parquet", 1).col("x", "middle").build();
    DedupResult r = input(late, early, middle).apply(FifoDedup.create());
    PAssert.that(r.kept()).containsInAnyOrder(early);
    PAssert.that(r.dropped()).containsInAnyOrder(late, middle);
    p.run();
  }

  @Test
  public void tieOnIngestionTimeKeepsSmallestRawFilePath() {
    FlatEvent inB = flat("m1").ingested(100).file("raw/b.parquet", 0).build();
    FlatEvent inA = flat("m1").ingested(100).file("raw/a.parquet", 50).build();
    DedupResult r = input(inB, inA).apply(FifoDedup.create());
    PAssert.that(r.kept()).containsInAnyOrder(inA);
    PAssert.that(r.dropped()).containsInAnyOrder(inB);
    p.run();
  }

  @Test
  public void tieOnIngestionTimeAndFileKeepsSmallestPosition() {
    FlatEvent at7 = flat("m1").ingested(100).file("raw/a.parquet", 7).build();
    FlatEvent at2 = flat("m1").ingested(100).file("raw/a.parquet", 2).build();
    FlatEvent at10 = flat("m1").ingested(100).file("raw/a.parquet", 10).build();
    DedupResult r = input(at7, at10, at2).apply(FifoDedup.create());
    PAssert.that(r.kept()).containsInAnyOrder(at2);
    PAssert.that(r.dropped()).containsInAnyOrder(at7, at10);
    p.run();
  }

  @Test
  public void distinctMessageIdsAreAllKept() {
    FlatEvent a = flat("m1").ingested(1).key("same-key").build();
    FlatEvent b = flat("m2").ingested(1).key("same-key").build();
    FlatEvent c = flat("m3").ingested(2).build();
    DedupResult r = input(a, b, c).apply(FifoDedup.create());
    PAssert.that(r.kept()).containsInAnyOrder(a, b, c);
    PAssert.that(r.dropped()).empty();
    p.run();
  }

  @Test
  public void againstStoredDropsEveryCopyOfAnAlreadyStoredId() {
    FlatEvent stored1 = flat("old").ingested(1).file("a", 0).build();
    FlatEvent stored2 = flat("old").ingested(2).file("a", 1).build();
    FlatEvent fresh = flat("new").ingested(3).build();
    PCollection<String> storedIds =
        p.apply("stored", Create.of("old", "unrelated").withCoder(StringUtf8Coder.of()));
    DedupResult r = input(stored1, stored2, fresh).apply(FifoDedup.create().againstStored(storedIds));
    PAssert.that(r.kept()).containsInAnyOrder(fresh);
    PAssert.that(r.dropped()).containsInAnyOrder(stored1, stored2);
    p.run();
  }

  @Test
  public void storedIdsWithoutIncomingCopiesProduceNothing() {
    FlatEvent fresh = flat("new").build();
    PCollection<String> storedIds =
        p.apply("stored", Create.of("a", "b", "c").withCoder(StringUtf8Coder.of()));
    DedupResult r = input(fresh).apply(FifoDedup.create().againstStored(storedIds));
    PAssert.that(r.kept()).containsInAnyOrder(fresh);
    PAssert.that(r.dropped()).empty();
    p.run();
  }

  @Test
  public void emptyInputGivesEmptyOutputs() {
    DedupResult r = input().apply(FifoDedup.create());
    PAssert.that(r.kept()).empty();
    PAssert.that(r.dropped()).empty();
    p.run();
  }

  @Test(expected = IllegalArgumentException.class)
  public void againstStoredRefusesNull() {
    FifoDedup.create().againstStored(null);
  }
}
