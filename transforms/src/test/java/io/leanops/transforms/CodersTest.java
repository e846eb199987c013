package io.leanops.transforms;

import static io.leanops.transforms.Events.existing;
import static io.leanops.transforms.Events.flat;

import java.util.List;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.testing.CoderProperties;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

@RunWith(JUnit4.class)
public class CodersTest {

  private static <T> void roundTrips(Coder<T> coder, T value) throws Exception {
    CoderProperties.coderDecodeEncodeEqual(coder, value);
    CoderProperties.coderSerializable(coder);
  }

  private static FlatEvent richEvent() {
    return flat("m-ü-1").topic("événements").key("k ✓").period("2026-01")
        .updated("2026-01-28T10:00:00Z").ingested(-5).file("s3://b/raw/日本.parquet", 42)
        .col("nullable", null).col("größe", "ÄÖÜ 🚀").col("empty", "").build();
  }

  @Test
  public void flatEventWithNullValuesAndUnicodeRoundTrips() throws Exception {
    roundTrips(FlatEvent.FlatEventCoder.of(), richEvent());
  }

  @Test
  public void flatEventWithOnlyItsMessageIdRoundTrips() throws Exception {
    roundTrips(FlatEvent.FlatEventCoder.of(), flat("m").build());
  }

  @Test
  public void rawEventRoundTrips() throws Exception {
    roundTrips(RawEvent.RawEventCoder.of(),
        RawEvent.of("m1", "events", "{\"a\": \"é\"}\n", Long.MAX_VALUE, "raw/f.parquet", 0));
    roundTrips(RawEvent.RawEventCoder.of(),
        RawEvent.of("m2", "events", "", Long.MIN_VALUE, "", -1));
  }

  @Test
  public void rejectedEventWithUnknownKeyAndPeriodRoundTrips() throws Exception {
    roundTrips(RejectedEvent.RejectedEventCoder.of(), RejectedEvent.of("events", "m1", null, null,
        ErrorType.NOT_JSON, List.of("not valid JSON: ✗"), "not json ✗"));
    roundTrips(RejectedEvent.RejectedEventCoder.of(), RejectedEvent.of("events", "m2", "k",
        "2026-13", ErrorType.CDE_VIOLATION, List.of("a: x", "b: y"), "{\"a\":null}"));
  }

  @Test
  public void driftEventRoundTrips() throws Exception {
    roundTrips(DriftEvent.DriftEventCoder.of(),
        DriftEvent.of("events", "2026-01", "m1", 7, List.of("zeta", "alpha", "größe")));
    roundTrips(DriftEvent.DriftEventCoder.of(), DriftEvent.of("events", null, "m1", 0, List.of()));
  }

  @Test
  public void existingRowWithAndWithoutTimestampsRoundTrips() throws Exception {
    roundTrips(ExistingRow.ExistingRowCoder.of(),
        existing("k", "2026-01", "2026-01-28T10:00:00Z", "2026-01-28T10:05:00Z", "cur/a", 3));
    roundTrips(ExistingRow.ExistingRowCoder.of(), existing("k", "2026-01", null, null, "cur/a", 3));
  }

  @Test
  public void mergeActionsOfEveryKindRoundTrip() throws Exception {
    ExistingRow r1 = existing("k", "2026-01", "2026-01-28T10:00:00Z", null, "cur/b", 1);
    ExistingRow r2 = existing("k", "2025-12", null, "2025-12-01T00:00:00Z", "cur/a", 2);
    roundTrips(MergeAction.MergeActionCoder.of(), MergeAction.insert(richEvent()));
    roundTrips(MergeAction.MergeActionCoder.of(),
        MergeAction.update(richEvent(), List.of(r1, r2), 123L));
    roundTrips(MergeAction.MergeActionCoder.of(), MergeAction.skip(richEvent(), List.of(r1)));
    roundTrips(MergeAction.MergeActionCoder.of(), MergeAction.skip(richEvent(), List.of()));
  }
}
