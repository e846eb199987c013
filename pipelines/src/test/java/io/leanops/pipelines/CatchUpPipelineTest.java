package io.leanops.pipelines;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.leanops.io.FlowControl;
import io.leanops.io.LakehouseTables;
import io.leanops.io.RunCounts;
import io.leanops.io.RunRecord;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.iceberg.data.Record;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The three-day story at small scale: drift held, schema promoted, catch-up of the period. */
class CatchUpPipelineTest {
  private static final String TOPIC = "events";
  private static final String V1 =
      "{\"topic_name\":\"events\",\"schema_version\":\"1.0.0\","
          + "\"payload_columns\":{\"user_id\":{\"type\":\"BIGINT\",\"required\":true}}}";
  private static final String V2 =
      "{\"topic_name\":\"events\",\"schema_version\":\"2.0.0\","
          + "\"payload_columns\":{\"user_id\":{\"type\":\"BIGINT\",\"required\":true},"
          + "\"device_type\":\"STRING\",\"browser_version\":\"STRING\"}}";

  @TempDir Path dir;

  private static String event(String id, String period, String extra) {
    return "{\"message_id\":\"" + id + "\",\"idempotency_key\":\"k-" + id
        + "\",\"period_reference\":\"" + period + "\",\"publish_time\":\"" + period
        + "-10T10:00:00Z\",\"last_updated_ts\":\"" + period + "-10T10:00:00Z\",\"user_id\":\"7\""
        + extra + "}";
  }

  private RunRecord catchUp(Lakehouse lh, String... args) {
    List<String> all = new ArrayList<>(List.of("--topic=" + TOPIC, "--warehouse=" + lh.warehouse(),
        "--schemaStore=" + dir.resolve("story").resolve("schemas")));
    all.addAll(List.of(args));
    return CatchUpPipeline.run(PipelineOptionsFactory.fromArgs(all.toArray(new String[0]))
        .as(CatchUpOptions.class));
  }

  private static long count(Lakehouse lh, java.util.function.Predicate<Record> p) {
    return lh.rows(LakehouseTables.curated(TOPIC)).stream().filter(p).count();
  }

  @Test
  void driftIsHeldThenCaughtUpAfterPromotionReadingOnlyThatPeriod() throws Exception {
    Lakehouse lh = new Lakehouse(dir.resolve("story"), TOPIC);
    lh.activate(V1);
    List<String> day1 = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      day1.add(event("a" + i, i % 2 == 0 ? "2026-01" : "2026-02", ""));
    }
    assertEquals(20, lh.load(day1).count(RunCounts.INSERTED));
    assertTrue(lh.rows(LakehouseTables.DRIFT_LOG).isEmpty());

    List<String> day2 = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      day2.add(event("b" + i, "2026-02",
          ",\"device_type\":\"phone\",\"browser_version\":\"1" + i + "\""));
    }
    RunRecord held = lh.load(day2);
    assertEquals(10, held.count(RunCounts.HELD));
    assertEquals(30, lh.rows(LakehouseTables.standardized(TOPIC)).size());
    List<Record> drift = lh.rows(LakehouseTables.DRIFT_LOG);
    assertEquals(1, drift.size());
    assertEquals(List.of("browser_version", "device_type"), drift.get(0).getField("drifted_columns"));
    assertEquals(20, lh.rows(LakehouseTables.curated(TOPIC)).size());

    lh.activate(V2);
    RunRecord caught = catchUp(lh, "--fromDriftLog");

    assertEquals(20, caught.count(RunCounts.READ), "only 2026-02 (10 v1 + 10 held rows) is read");
    assertEquals(10, caught.count(RunCounts.INSERTED), "the held rows");
    assertEquals(10, caught.count(RunCounts.UPDATED), "v1 rows of 2026-02 refreshed to v2");
    assertEquals(30, lh.rows(LakehouseTables.curated(TOPIC)).size());
    assertEquals(10, count(lh, r -> "phone".equals(r.getField("device_type"))));
    assertEquals(20, count(lh, r -> r.getField("device_type") == null));
    assertEquals(10, count(lh, r -> "1.0.0".equals(r.getField("schema_version"))),
        "2026-01 was not touched");
    assertEquals(10, lh.rows(LakehouseTables.RESOLVED_ERRORS).size());
    var curated = lh.table(LakehouseTables.curated(TOPIC));
    assertEquals(FlowControl.Flow.ENABLED, FlowControl.flow(curated));
    assertEquals(FlowControl.Status.READY, FlowControl.status(curated));

    TreeSet<String> before = new TreeSet<>();
    lh.rows(LakehouseTables.curated(TOPIC)).forEach(r -> before.add(r.toString()));
    RunRecord again = catchUp(lh, "--periods=2026-02");
    assertEquals(0, again.count(RunCounts.INSERTED) + again.count(RunCounts.UPDATED),
        "rerunning changes nothing");
    TreeSet<String> after = new TreeSet<>();
    lh.rows(LakehouseTables.curated(TOPIC)).forEach(r -> after.add(r.toString()));
    assertEquals(before, after);
    assertNull(catchUp(lh, "--fromDriftLog"), "no drift since the last catch-up");

    List<String> day4 = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      day4.add(event("c" + i, "2026-03", ",\"device_type\":\"tablet\""));
    }
    assertEquals(5, lh.load(day4).count(RunCounts.INSERTED));
    assertEquals(35, lh.rows(LakehouseTables.curated(TOPIC)).size());
  }

  @Test
  void pausedTopicIsSkippedByCurateUntilResumed() throws Exception {
    Lakehouse lh = new Lakehouse(dir.resolve("story"), TOPIC);
    lh.activate(V1);
    lh.load(List.of(event("a1", "2026-01", "")));
    String[] args = {"--topic=" + TOPIC, "--warehouse=" + lh.warehouse()};
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    PrintStream ps = new PrintStream(out, true, StandardCharsets.UTF_8);
    assertEquals(0, Main.run(concat("pause", args), ps, ps));
    assertTrue(out.toString(StandardCharsets.UTF_8).contains("\"flow\":\"PAUSED\""));

    lh.ingest(List.of(event("a2", "2026-01", "")));
    lh.standardize();
    CuratePipeline.Skipped skipped = assertThrows(CuratePipeline.Skipped.class, lh::curate);
    assertTrue(skipped.getMessage().contains("PAUSED"), skipped.getMessage());

    assertEquals(0, Main.run(concat("resume", args), ps, ps));
    assertEquals(1, lh.curate().count(RunCounts.INSERTED));
    out.reset();
    assertEquals(0, Main.run(concat("status", args), ps, ps));
    assertTrue(out.toString(StandardCharsets.UTF_8).contains("\"status\":\"READY\""));
  }

  private static String[] concat(String command, String[] args) {
    String[] all = new String[args.length + 1];
    all[0] = command;
    System.arraycopy(args, 0, all, 1, args.length);
    return all;
  }
}
