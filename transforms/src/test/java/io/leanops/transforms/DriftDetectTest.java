package io.leanops.transforms;

import static io.leanops.transforms.Events.flat;

import io.leanops.schemas.ColumnSpec;
import io.leanops.schemas.ColumnType;
import io.leanops.schemas.TopicSchema;
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
public class DriftDetectTest {
  @Rule public final transient TestPipeline p = TestPipeline.create();

  private static final TopicSchema SCHEMA =
      TopicSchema.builder("events", "1.0.0")
          .payload(ColumnSpec.of("user_id", ColumnType.BIGINT).withRequired(true))
          .payload(ColumnSpec.of("device_kind", ColumnType.STRING).withSource("device.type"))
          .build();

  private PCollection<FlatEvent> input(FlatEvent... events) {
    return p.apply("input", Create.of(Arrays.asList(events))
        .withCoder(FlatEvent.FlatEventCoder.of()));
  }

  @Test
  public void emitsOneEventPerTopicAndPeriodWithTheSortedUnionOfDriftedColumns() {
    PCollection<DriftEvent> drift = input(
        flat("m1").period("2026-01").ingested(10).col("zeta", "1").build(),
        flat("m2").period("2026-01").ingested(20).col("alpha", "1").col("zeta", "2").build(),
        flat("m3").period("2026-01").ingested(30).col("mid", "x").build(),
        flat("m4").period("2026-02").ingested(40).col("beta", "1").build(),
        flat("o1").topic("orders").period("2026-01").ingested(50).col("gamma", "1").build())
        .apply(DriftDetect.against(SCHEMA));
    PAssert.that(drift).containsInAnyOrder(
        DriftEvent.of("events", "2026-01", "m1", 10, List.of("alpha", "mid", "zeta")),
        DriftEvent.of("events", "2026-02", "m4", 40, List.of("beta")),
        DriftEvent.of("orders", "2026-01", "o1", 50, List.of("gamma")));
    p.run();
  }

  @Test
  public void firstMessageIsTheEarliestIngestedDriftedMessage() {
    PCollection<DriftEvent> drift = input(
        flat("m-z").period("2026-01").ingested(300).col("x", "1").build(),
        flat("m-y").period("2026-01").ingested(100).col("y", "1").build(),
        flat("m-a").period("2026-01").ingested(200).col("x", "1").build(),
        // earlier, but without drift: not the first drifted message
        flat("m-0").period("2026-01").ingested(1).col("user_id", "5").build())
        .apply(DriftDetect.against(SCHEMA));
    PAssert.that(drift).containsInAnyOrder(
        DriftEvent.of("events", "2026-01", "m-y", 100, List.of("x", "y")));
    p.run();
  }

  @Test
  public void tieOnIngestionTimeGivesTheSmallestMessageId() {
    PCollection<DriftEvent> drift = input(
        flat("m-c").period("2026-01").ingested(100).col("x", "1").build(),
        flat("m-a").period("2026-01").ingested(100).col("x", "1").build(),
        flat("m-b").period("2026-01").ingested(100).col("x", "1").build())
        .apply(DriftDetect.against(SCHEMA));
    PAssert.that(drift).containsInAnyOrder(
        DriftEvent.of("events", "2026-01", "m-a", 100, List.of("x")));
    p.run();
  }

  @Test
  public void withoutAnActiveSchemaNothingIsEmitted() {
    PCollection<DriftEvent> drift = input(
        flat("m1").period("2026-01").col("anything", "1").build())
        .apply(DriftDetect.against(null));
    PAssert.that(drift).empty();
    p.run();
  }

  @Test
  public void registeredColumnsAndEnvelopeFieldsAreNotDrift() {
    PCollection<DriftEvent> drift = input(
        flat("m1").key("k").period("2026-01").published("2026-01-28T10:00:00Z")
            .updated("2026-01-28T10:00:00Z").col("topic_name", "events")
            .col("ingestion_ts", "2026-01-28T10:00:01Z")
            .col("user_id", "1").col("device_type", "phone").build())
        .apply(DriftDetect.against(SCHEMA));
    PAssert.that(drift).empty();
    p.run();
  }

  @Test
  public void envelopeFieldsAreNotDriftEvenWhenTheSchemaOmitsThem() {
    TopicSchema bare = TopicSchema.builder("events", "1.0.0").envelope(List.of()).build();
    PCollection<DriftEvent> drift = input(
        flat("m1").key("k").period("2026-01").published("2026-01-28T10:00:00Z")
            .updated("2026-01-28T10:00:00Z").col("topic_name", "events").build())
        .apply(DriftDetect.against(bare));
    PAssert.that(drift).empty();
    p.run();
  }

  @Test
  public void columnNamedLikeTheSourceMappedColumnItselfIsDrift() {
    // device_kind reads device_type; a column literally named device_kind is unregistered data.
    PCollection<DriftEvent> drift = input(
        flat("m1").period("2026-01").ingested(5).col("device_kind", "phone").build())
        .apply(DriftDetect.against(SCHEMA));
    PAssert.that(drift).containsInAnyOrder(
        DriftEvent.of("events", "2026-01", "m1", 5, List.of("device_kind")));
    p.run();
  }

  @Test
  public void nullValuesAreNotDrift() {
    PCollection<DriftEvent> drift = input(
        flat("m1").period("2026-01").col("new_field", null).build(),
        flat("m2").period("2026-01").ingested(9).col("other", null).col("real", "1").build())
        .apply(DriftDetect.against(SCHEMA));
    PAssert.that(drift).containsInAnyOrder(
        DriftEvent.of("events", "2026-01", "m2", 9, List.of("real")));
    p.run();
  }

  @Test
  public void noDriftNoOutput() {
    PCollection<DriftEvent> drift = input(
        flat("m1").period("2026-01").col("user_id", "1").build(),
        flat("m2").period("2026-02").col("user_id", "2").build())
        .apply(DriftDetect.against(SCHEMA));
    PAssert.that(drift).empty();
    p.run();
  }

  @Test
  public void rowsWithoutPeriodAreGroupedUnderANullPeriod() {
    PCollection<DriftEvent> drift = input(
        flat("m1").ingested(1).col("x", "1").build(),
        flat("m2").ingested(2).col("y", "1").build(),
        flat("m3").period("2026-01").ingested(3).col("z", "1").build())
        .apply(DriftDetect.against(SCHEMA));
    PAssert.that(drift).containsInAnyOrder(
        DriftEvent.of("events", null, "m1", 1, List.of("x", "y")),
        DriftEvent.of("events", "2026-01", "m3", 3, List.of("z")));
    p.run();
  }
}
