package io.leanops.transforms;

import static io.leanops.transforms.Events.existing;
import static io.leanops.transforms.Events.flat;
import static io.leanops.transforms.Events.micros;
import static org.junit.Assert.assertEquals;

import io.leanops.schemas.Lookback;
import java.util.Arrays;
import java.util.List;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.values.PCollection;
import org.junit.Rule;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

@RunWith(JUnit4.class)
public class CrossPeriodMergeTest {
  @Rule public final transient TestPipeline p = TestPipeline.create();

  private static final String JAN_28 = "2026-01-28T10:00:00Z";
  private static final String JAN_29 = "2026-01-29T10:00:00Z";
  private static final String FIRST_SEEN = "2026-01-28T10:05:00Z";

  private static FlatEvent incoming(String messageId, String key, String period, String updated) {
    return flat(messageId).key(key).period(period).updated(updated).build();
  }

  private static MergeAction only(List<MergeAction> actions) {
    assertEquals(actions.toString(), 1, actions.size());
    return actions.get(0);
  }

  private static MergeAction decide(FlatEvent e, Lookback lookback, ExistingRow... rows) {
    return only(CrossPeriodMerge.decide(List.of(e), Arrays.asList(rows), lookback));
  }

  private PCollection<MergeAction> plan(List<FlatEvent> in, List<ExistingRow> stored,
      Lookback lookback) {
    PCollection<FlatEvent> events =
        p.apply("incoming", Create.of(in).withCoder(FlatEvent.FlatEventCoder.of()));
    PCollection<ExistingRow> rows =
        p.apply("existing", Create.of(stored).withCoder(ExistingRow.ExistingRowCoder.of()));
    return events.apply(CrossPeriodMerge.into(rows).withLookback(lookback));
  }

  // ---- catch-up: refreshing rows curated by another schema version ----

  @Test
  public void refreshReplacesAnEquallyNewRowCuratedByAnotherVersion() {
    FlatEvent e = incoming("m1", "k1", "2026-01", JAN_28);
    ExistingRow v1 = Events.existing("k1", "2026-01", JAN_28, JAN_28, "c/f1", 0)
        .withSchemaVersion("1.0.0");
    List<MergeAction> actions =
        CrossPeriodMerge.decide(List.of(e), List.of(v1), Lookback.DEFAULT, "2.0.0");
    assertEquals(MergeAction.Kind.UPDATE, only(actions).kind());
    assertEquals(List.of(v1), only(actions).matches());
  }

  @Test
  public void refreshSkipsARowAlreadyAtTheActiveVersionSoARerunChangesNothing() {
    FlatEvent e = incoming("m1", "k1", "2026-01", JAN_28);
    ExistingRow v2 = Events.existing("k1", "2026-01", JAN_28, JAN_28, "c/f1", 0)
        .withSchemaVersion("2.0.0");
    assertEquals(MergeAction.Kind.SKIP_STALE, only(CrossPeriodMerge.decide(List.of(e),
        List.of(v2), Lookback.DEFAULT, "2.0.0")).kind());
  }

  @Test
  public void refreshNeverLetsAnOlderEventReplaceANewerRow() {
    FlatEvent older = incoming("m1", "k1", "2026-01", "2026-01-27T10:00:00Z");
    ExistingRow v1 = Events.existing("k1", "2026-01", JAN_28, JAN_28, "c/f1", 0)
        .withSchemaVersion("1.0.0");
    assertEquals(MergeAction.Kind.SKIP_STALE, only(CrossPeriodMerge.decide(List.of(older),
        List.of(v1), Lookback.DEFAULT, "2.0.0")).kind());
  }

  @Test
  public void withoutRefreshAnEquallyNewRowOfAnotherVersionIsSkipped() {
    FlatEvent e = incoming("m1", "k1", "2026-01", JAN_28);
    ExistingRow v1 = Events.existing("k1", "2026-01", JAN_28, JAN_28, "c/f1", 0)
        .withSchemaVersion("1.0.0");
    assertEquals(MergeAction.Kind.SKIP_STALE, decide(e, Lookback.DEFAULT, v1).kind());
  }

  @Test
  public void refreshingMergeRunsThroughThePipeline() {
    FlatEvent e = incoming("m1", "k1", "2026-01", JAN_28);
    ExistingRow v1 = Events.existing("k1", "2026-01", JAN_28, "2026-01-01T00:00:00Z", "c/f1", 0)
        .withSchemaVersion("1.0.0");
    PCollection<FlatEvent> events =
        p.apply("incoming", Create.of(List.of(e)).withCoder(FlatEvent.FlatEventCoder.of()));
    PCollection<ExistingRow> rows =
        p.apply("existing", Create.of(List.of(v1)).withCoder(ExistingRow.ExistingRowCoder.of()));
    PAssert.that(events.apply(CrossPeriodMerge.into(rows).refreshingOtherSchemaVersions("2.0.0")))
        .containsInAnyOrder(MergeAction.update(e, List.of(v1), v1.firstSeenTsMicros()));
    p.run();
  }

  // ---- through the pipeline ----

  @Test
  public void withoutExistingRowsEveryEventIsInserted() {
    FlatEvent a = incoming("m1", "k1", "2026-01", JAN_28);
    FlatEvent b = incoming("m2", "k2", "2026-02", JAN_28);
    PAssert.that(plan(List.of(a, b), List.of(), Lookback.DEFAULT))
        .containsInAnyOrder(MergeAction.insert(a), MergeAction.insert(b));
    p.run();
  }

  @Test
  public void newerCorrectionInTheSamePeriodUpdatesTheOriginalKeepingFirstSeen() {
    ExistingRow original = existing("k1", "2026-01", JAN_28, FIRST_SEEN, "cur/a.parquet", 4);
    FlatEvent correction = incoming("m2", "k1", "2026-01", JAN_29);
    PCollection<MergeAction> plan = plan(List.of(correction), List.of(original), Lookback.DEFAULT);
    PAssert.that(plan).satisfies(actions -> {
      MergeAction a = actions.iterator().next();
      assertEquals(MergeAction.Kind.UPDATE, a.kind());
      assertEquals(correction, a.event());
      assertEquals(List.of(original), a.matches());
      assertEquals("cur/a.parquet", a.matches().get(0).dataFile());
      assertEquals(4L, a.matches().get(0).position());
      assertEquals(Long.valueOf(micros(FIRST_SEEN)), a.firstSeenTsMicros());
      return null;
    });
    PAssert.that(plan).containsInAnyOrder(
        MergeAction.update(correction, List.of(original), micros(FIRST_SEEN)));
    p.run();
  }

  @Test
  public void duplicateIncomingForAKeyMergesTheLifoWinnerAndSkipsTheRest() {
    ExistingRow original = existing("k1", "2026-01", JAN_28, FIRST_SEEN, "cur/a.parquet", 0);
    FlatEvent older = incoming("m2", "k1", "2026-01", "2026-01-28T12:00:00Z");
    FlatEvent newest = incoming("m3", "k1", "2026-02", JAN_29);
    FlatEvent sameTsLowerId = flat("m1").key("k1").period("2026-01").updated(JAN_29).build();
    PAssert.that(plan(List.of(older, newest, sameTsLowerId), List.of(original), Lookback.DEFAULT))
        .containsInAnyOrder(
            MergeAction.update(newest, List.of(original), micros(FIRST_SEEN)),
            MergeAction.skip(older, List.of()),
            MergeAction.skip(sameTsLowerId, List.of()));
    p.run();
  }

  @Test
  public void eventWithoutKeyIsInserted() {
    FlatEvent unkeyed = flat("m1").period("2026-01").updated(JAN_28).build();
    ExistingRow other = existing("k1", "2026-01", JAN_28, FIRST_SEEN, "cur/a.parquet", 0);
    PAssert.that(plan(List.of(unkeyed), List.of(other), Lookback.DEFAULT))
        .containsInAnyOrder(MergeAction.insert(unkeyed));
    p.run();
  }

  @Test
  public void existingRowsOfKeysNotInTheInputProduceNothing() {
    FlatEvent a = incoming("m1", "k1", "2026-01", JAN_29);
    List<ExistingRow> stored = List.of(
        existing("k2", "2026-01", JAN_28, FIRST_SEEN, "cur/a.parquet", 0),
        existing("k3", "2026-01", JAN_28, FIRST_SEEN, "cur/a.parquet", 1));
    PAssert.that(plan(List.of(a), stored, Lookback.DEFAULT))
        .containsInAnyOrder(MergeAction.insert(a));
    p.run();
  }

  @Test
  public void emptyInputGivesAnEmptyPlan() {
    List<ExistingRow> stored =
        List.of(existing("k2", "2026-01", JAN_28, FIRST_SEEN, "cur/a.parquet", 0));
    PAssert.that(plan(List.of(), stored, Lookback.DEFAULT)).empty();
    p.run();
  }

  // ---- the decision rules ----

  @Test
  public void olderIncomingIsSkippedAsStale() {
    ExistingRow original = existing("k1", "2026-01", JAN_29, FIRST_SEEN, "f", 0);
    MergeAction a = decide(incoming("m1", "k1", "2026-01", JAN_28), Lookback.DEFAULT, original);
    assertEquals(MergeAction.Kind.SKIP_STALE, a.kind());
    assertEquals(List.of(original), a.matches());
  }

  @Test
  public void redeliveryWithEqualLastUpdatedTsIsSkipped() {
    ExistingRow original = existing("k1", "2026-01", JAN_28, FIRST_SEEN, "f", 0);
    assertEquals(MergeAction.Kind.SKIP_STALE,
        decide(incoming("m1", "k1", "2026-01", JAN_28), Lookback.DEFAULT, original).kind());
  }

  @Test
  public void equalInstantWrittenWithAnOffsetIsARedelivery() {
    ExistingRow original = existing("k1", "2026-01", JAN_28, FIRST_SEEN, "f", 0);
    assertEquals(MergeAction.Kind.SKIP_STALE, decide(
        incoming("m1", "k1", "2026-01", "2026-01-28T11:00:00+01:00"), Lookback.DEFAULT,
        original).kind());
  }

  @Test
  public void oneMicrosecondNewerIsAnUpdate() {
    ExistingRow original = existing("k1", "2026-01", JAN_28, FIRST_SEEN, "f", 0);
    assertEquals(MergeAction.Kind.UPDATE, decide(
        incoming("m1", "k1", "2026-01", "2026-01-28T10:00:00.000001Z"), Lookback.DEFAULT,
        original).kind());
  }

  @Test
  public void correctionExactlyAtTheWindowEdgeUpdatesAndMovesToTheIncomingPeriod() {
    ExistingRow jan = existing("k1", "2026-01", JAN_28, FIRST_SEEN, "f", 0);
    FlatEvent feb = incoming("m1", "k1", "2026-02", JAN_29);
    MergeAction a = decide(feb, Lookback.months(1), jan);
    assertEquals(MergeAction.Kind.UPDATE, a.kind());
    assertEquals(List.of(jan), a.matches());
    assertEquals("2026-02", a.event().periodReference());
  }

  @Test
  public void windowIsSymmetricAnEarlierPeriodCorrectionMatchesToo() {
    ExistingRow feb = existing("k1", "2026-02", JAN_28, FIRST_SEEN, "f", 0);
    assertEquals(MergeAction.Kind.UPDATE,
        decide(incoming("m1", "k1", "2026-01", JAN_29), Lookback.months(1), feb).kind());
  }

  @Test
  public void windowCrossesTheYearBoundary() {
    ExistingRow dec = existing("k1", "2025-12", JAN_28, FIRST_SEEN, "f", 0);
    MergeAction a = decide(incoming("m1", "k1", "2026-01", JAN_29), Lookback.months(1), dec);
    assertEquals(MergeAction.Kind.UPDATE, a.kind());
    assertEquals(List.of(dec), a.matches());
  }

  @Test
  public void correctionJustOutsideTheWindowIsInserted() {
    ExistingRow jan = existing("k1", "2026-01", JAN_28, FIRST_SEEN, "f", 0);
    MergeAction a = decide(incoming("m1", "k1", "2026-03", JAN_29), Lookback.months(1), jan);
    assertEquals(MergeAction.Kind.INSERT, a.kind());
    assertEquals(List.of(), a.matches());
    assertEquals(null, a.firstSeenTsMicros());
  }

  @Test
  public void lookbackAllFindsAnOriginalTwelveMonthsAway() {
    ExistingRow old = existing("k1", "2025-01", JAN_28, FIRST_SEEN, "f", 0);
    MergeAction a = decide(incoming("m1", "k1", "2026-01", JAN_29), Lookback.ALL, old);
    assertEquals(MergeAction.Kind.UPDATE, a.kind());
    assertEquals(List.of(old), a.matches());
  }

  @Test
  public void lookbackAllFindsAnOriginalDecadesAway() {
    ExistingRow old = existing("k1", "1999-07", JAN_28, FIRST_SEEN, "f", 0);
    assertEquals(MergeAction.Kind.UPDATE,
        decide(incoming("m1", "k1", "2026-01", JAN_29), Lookback.ALL, old).kind());
  }

  @Test
  public void lookbackZeroMatchesOnlyTheSamePeriod() {
    ExistingRow jan = existing("k1", "2026-01", JAN_28, FIRST_SEEN, "f", 0);
    assertEquals(MergeAction.Kind.UPDATE,
        decide(incoming("m1", "k1", "2026-01", JAN_29), Lookback.months(0), jan).kind());
    assertEquals(MergeAction.Kind.INSERT,
        decide(incoming("m1", "k1", "2026-02", JAN_29), Lookback.months(0), jan).kind());
  }

  @Test
  public void twoOriginalsWithinTheWindowAreBothReplacedKeepingTheEarliestFirstSeen() {
    ExistingRow dec = existing("k1", "2025-12", "2025-12-20T00:00:00Z", "2025-12-20T00:00:01Z",
        "cur/b.parquet", 3);
    ExistingRow feb = existing("k1", "2026-02", JAN_28, "2026-02-01T00:00:00Z",
        "cur/a.parquet", 9);
    MergeAction a = decide(incoming("m1", "k1", "2026-01", JAN_29), Lookback.months(1), feb, dec);
    assertEquals(MergeAction.Kind.UPDATE, a.kind());
    // sorted by location: file path, then position
    assertEquals(List.of(feb, dec), a.matches());
    assertEquals(Long.valueOf(micros("2025-12-20T00:00:01Z")), a.firstSeenTsMicros());
  }

  @Test
  public void onlyOriginalsInsideTheWindowAreReplaced() {
    ExistingRow inside = existing("k1", "2026-01", JAN_28, FIRST_SEEN, "f", 0);
    ExistingRow outside = existing("k1", "2025-06", JAN_28, "2025-06-01T00:00:00Z", "f", 1);
    MergeAction a = decide(incoming("m1", "k1", "2026-02", JAN_29), Lookback.months(1),
        outside, inside);
    assertEquals(MergeAction.Kind.UPDATE, a.kind());
    assertEquals(List.of(inside), a.matches());
    assertEquals(Long.valueOf(micros(FIRST_SEEN)), a.firstSeenTsMicros());
  }

  @Test
  public void notNewerThanEveryOriginalIsStale() {
    ExistingRow older = existing("k1", "2026-01", "2026-01-01T00:00:00Z", FIRST_SEEN, "f", 0);
    ExistingRow newer = existing("k1", "2026-02", "2026-02-15T00:00:00Z", FIRST_SEEN, "f", 1);
    MergeAction a = decide(incoming("m1", "k1", "2026-01", JAN_29), Lookback.months(1),
        older, newer);
    assertEquals(MergeAction.Kind.SKIP_STALE, a.kind());
    assertEquals(List.of(older, newer), a.matches());
  }

  @Test
  public void unparseableIncomingTimestampCannotReplaceAnOriginal() {
    ExistingRow original = existing("k1", "2026-01", JAN_28, FIRST_SEEN, "f", 0);
    assertEquals(MergeAction.Kind.SKIP_STALE,
        decide(incoming("m1", "k1", "2026-01", "garbage"), Lookback.DEFAULT, original).kind());
  }

  @Test
  public void originalWithoutTimestampIsOlderThanATimestampedCorrection() {
    ExistingRow original = existing("k1", "2026-01", null, FIRST_SEEN, "f", 0);
    assertEquals(MergeAction.Kind.UPDATE,
        decide(incoming("m1", "k1", "2026-01", JAN_28), Lookback.DEFAULT, original).kind());
  }

  @Test
  public void duplicateIncomingWinnerIsChosenByLifoWhateverTheInputOrder() {
    FlatEvent a = flat("m-a").key("k1").period("2026-01").updated(JAN_29).ingested(5).build();
    FlatEvent b = flat("m-b").key("k1").period("2026-01").updated(JAN_29).ingested(5).build();
    FlatEvent c = flat("m-c").key("k1").period("2026-01").updated(JAN_28).ingested(9).build();
    for (List<FlatEvent> order : List.of(List.of(a, b, c), List.of(c, b, a), List.of(b, a, c))) {
      List<MergeAction> actions = CrossPeriodMerge.decide(order, List.of(), Lookback.DEFAULT);
      assertEquals(3, actions.size());
      long inserts = actions.stream().filter(x -> x.kind() == MergeAction.Kind.INSERT).count();
      assertEquals(1, inserts);
      for (MergeAction x : actions) {
        assertEquals(x.event() == b ? MergeAction.Kind.INSERT : MergeAction.Kind.SKIP_STALE,
            x.kind());
      }
    }
  }
}
