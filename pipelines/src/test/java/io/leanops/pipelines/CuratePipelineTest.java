package io.leanops.pipelines;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.leanops.io.CuratedRows;
import io.leanops.io.DataFiles;
import io.leanops.io.FaultPoints;
import io.leanops.io.LakehouseTables;
import io.leanops.io.RunCounts;
import io.leanops.io.RunRecord;
import io.leanops.schemas.TopicSchemaParser;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.iceberg.data.Record;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CuratePipelineTest {
  private static final String TOPIC = "events";

  @TempDir Path dir;

  @AfterEach
  void disarmFaults() {
    System.clearProperty(FaultPoints.PROPERTY);
  }

  static String schema(String lookback) {
    return "{\"topic_name\":\"events\",\"schema_version\":\"1.0.0\",\"lookback_months\":"
        + lookback + ",\"payload_columns\":{\"user_id\":{\"type\":\"BIGINT\",\"required\":true},"
        + "\"amount\":\"DECIMAL(12,2)\",\"email\":{\"type\":\"STRING\",\"pii\":true}}}";
  }

  /** An event; {@code extra} fields are added, replacing the default user_id or amount. */
  static String event(String id, String key, String period, String updated, String extra) {
    return "{\"message_id\":\"" + id + "\",\"idempotency_key\":\"" + key
        + "\",\"period_reference\":\"" + period + "\",\"publish_time\":\"" + period
        + "-15T10:00:00Z\",\"last_updated_ts\":\"" + updated + "\","
        + (extra.contains("\"user_id\"") ? "" : "\"user_id\":\"1001\",")
        + (extra.contains("\"amount\"") ? "" : "\"amount\":\"10.00\",")
        + "\"email\":\"a@example.com\"" + extra + "}";
  }

  private Lakehouse lakehouse(String lookback) throws IOException {
    Lakehouse lh = new Lakehouse(dir.resolve("lh-" + lookback.replace("\"", "")), TOPIC);
    lh.activate(schema(lookback));
    return lh;
  }

  private static List<Record> rowsOf(Lakehouse lh, String key) {
    return lh.rows(LakehouseTables.curated(TOPIC)).stream()
        .filter(r -> key.equals(r.getField("idempotency_key"))).collect(Collectors.toList());
  }

  private static void assertBalanced(RunRecord r) {
    assertEquals(r.count(RunCounts.READ), r.count(RunCounts.INSERTED) + r.count(RunCounts.UPDATED)
        + r.count(RunCounts.SKIPPED_STALE) + r.count(RunCounts.LIFO_SUPERSEDED)
        + r.count(RunCounts.CDE_ERRORS) + r.count(RunCounts.HELD), r.counts().toString());
  }

  @Test
  void curatesTypedRowsAndSendsViolationsAndDriftToErrors() throws IOException {
    Lakehouse lh = lakehouse("1");
    RunRecord run = lh.load(List.of(
        event("m1", "k1", "2026-01", "2026-01-10T00:00:00Z", ""),
        event("m2", "k2", "2026-01", "2026-01-10T00:00:00Z", ""),
        event("m3", "k3", "2026-13", "2026-01-10T00:00:00Z", ",\"user_id\":\"abc\"")
,
        event("m4", "k4", "2026-01", "2026-01-10T00:00:00Z", ",\"device_type\":\"phone\"")));

    assertEquals(4, run.count(RunCounts.READ));
    assertEquals(2, run.count(RunCounts.INSERTED));
    assertEquals(1, run.count(RunCounts.CDE_ERRORS));
    assertEquals(1, run.count(RunCounts.HELD));
    assertBalanced(run);

    Record k1 = rowsOf(lh, "k1").get(0);
    assertEquals(1001L, k1.getField("user_id"), "BIGINT column typed");
    assertEquals(new BigDecimal("10.00"), k1.getField("amount"));
    assertEquals(CuratedRows.piiDigest("test-salt", "a@example.com"), k1.getField("email"));
    assertNotEquals("a@example.com", k1.getField("email"));
    assertEquals("1.0.0", k1.getField("schema_version"));

    List<Record> errors = lh.rows(LakehouseTables.CURATED_ERRORS);
    Record m3 = errors.stream().filter(r -> r.getField("message_id").equals("m3")).findFirst()
        .orElseThrow();
    assertEquals("CDE_VIOLATION", m3.getField("error_type"));
    @SuppressWarnings("unchecked")
    List<String> violations = (List<String>) m3.getField("violations");
    // every violation of the row, in schema column order: the unparseable publish_time
    // (2026-13-15) is null in STANDARDIZED, so it is reported missing too
    assertEquals(3, violations.size(), "every violation listed: " + violations);
    assertTrue(violations.get(0).startsWith("period_reference"), violations.toString());
    assertTrue(violations.get(1).startsWith("publish_time: required"), violations.toString());
    assertTrue(violations.get(2).startsWith("user_id: 'abc'"), violations.toString());
    Record m4 = errors.stream().filter(r -> r.getField("message_id").equals("m4")).findFirst()
        .orElseThrow();
    assertEquals("SCHEMA_DRIFT", m4.getField("error_type"));
  }

  @Test
  void correctionOneMonthLateUpdatesInPlaceKeepingFirstSeen() throws IOException {
    Lakehouse lh = lakehouse("1");
    lh.load(List.of(event("m1", "k1", "2026-01", "2026-01-10T00:00:00Z", "")));
    Object firstSeen = rowsOf(lh, "k1").get(0).getField(CuratedRows.FIRST_SEEN_TS);

    RunRecord run = lh.load(List.of(
        event("m2", "k1", "2026-02", "2026-02-10T00:00:00Z", ",\"amount\":\"12.50\"")));

    assertEquals(1, run.count(RunCounts.UPDATED), run.counts().toString());
    List<Record> k1 = rowsOf(lh, "k1");
    assertEquals(1, k1.size(), "at most one row per key within the window");
    assertEquals("2026-02", k1.get(0).getField("period_reference"), "row moved to its period");
    assertEquals(new BigDecimal("12.50"), k1.get(0).getField("amount"));
    assertEquals(firstSeen, k1.get(0).getField(CuratedRows.FIRST_SEEN_TS));
  }

  @Test
  void correctionThreeMonthsLateIsANewRowUnderLookbackOneAndAnUpdateUnderAll()
      throws IOException {
    List<String> original = List.of(event("m1", "k1", "2026-01", "2026-01-10T00:00:00Z", ""));
    List<String> late = List.of(event("m2", "k1", "2026-04", "2026-04-10T00:00:00Z", ""));

    Lakehouse windowed = lakehouse("1");
    windowed.load(original);
    RunRecord w = windowed.load(late);
    assertEquals(1, w.count(RunCounts.INSERTED), "outside ±1 month: documented new row");
    assertEquals(2, rowsOf(windowed, "k1").size());

    Lakehouse all = lakehouse("\"all\"");
    all.load(original);
    RunRecord a = all.load(late);
    assertEquals(1, a.count(RunCounts.UPDATED));
    List<Record> k1 = rowsOf(all, "k1");
    assertEquals(1, k1.size());
    assertEquals("2026-04", k1.get(0).getField("period_reference"));
  }

  @Test
  void redeliveredCorrectionChangesNothingAndOlderOneIsSkippedAndCounted() throws IOException {
    Lakehouse lh = lakehouse("1");
    lh.load(List.of(event("m1", "k1", "2026-01", "2026-01-10T00:00:00Z", "")));
    lh.load(List.of(event("m2", "k1", "2026-01", "2026-01-20T00:00:00Z", ",\"amount\":\"2.00\"")));
    long snapshot = lh.table(LakehouseTables.curated(TOPIC)).currentSnapshot().snapshotId();
    List<Record> before = rowsOf(lh, "k1");

    // the same correction again (a new message id, same last_updated_ts), and an older one
    RunRecord again = lh.load(List.of(
        event("m3", "k1", "2026-01", "2026-01-20T00:00:00Z", ",\"amount\":\"2.00\"")));
    RunRecord older = lh.load(List.of(
        event("m4", "k1", "2026-01", "2026-01-15T00:00:00Z", ",\"amount\":\"9.00\"")));

    assertEquals(1, again.count(RunCounts.SKIPPED_STALE));
    assertEquals(1, older.count(RunCounts.SKIPPED_STALE));
    assertBalanced(older);
    assertEquals(before.toString(), rowsOf(lh, "k1").toString());
    assertEquals(new BigDecimal("2.00"), rowsOf(lh, "k1").get(0).getField("amount"));
    assertNotEquals(snapshot, lh.table(LakehouseTables.curated(TOPIC)).currentSnapshot()
        .snapshotId(), "runs still commit their progress marker");
  }

  @Test
  void readsOnlyTheCandidatePartitions() throws IOException {
    Lakehouse lh = lakehouse("1");
    lh.load(List.of(
        event("a", "ka", "2026-01", "2026-01-10T00:00:00Z", ""),
        event("b", "kb", "2026-02", "2026-02-10T00:00:00Z", ""),
        event("c", "kc", "2026-03", "2026-03-10T00:00:00Z", ""),
        event("d", "kd", "2026-05", "2026-05-10T00:00:00Z", ""),
        event("e", "ke", "2026-07", "2026-07-10T00:00:00Z", "")));

    var candidates = CuratePipeline.candidatePartitions(
        TopicSchemaParser.parse(schema("1"), "test"), Set.of("2026-02"), Set.of());
    Set<String> periods = new TreeSet<>();
    DataFiles.live(lh.table(LakehouseTables.curated(TOPIC)), candidates).forEach(f ->
        periods.add(f.dataFile().partition().get(0, String.class)));

    assertEquals(Set.of("2026-01", "2026-02", "2026-03"), periods);
  }

  @Test
  void lookbackAllReadsOnlyThePeriodsTheKeyIndexNamesForTheBatchKeys() throws IOException {
    Lakehouse lh = lakehouse("\"all\"");
    List<String> twelvePeriods = new java.util.ArrayList<>();
    for (int m = 1; m <= 12; m++) {
      String period = String.format("2025-%02d", m);
      twelvePeriods.add(event("m" + m, "k" + m, period, period + "-10T00:00:00Z", ""));
    }
    lh.load(twelvePeriods);
    var table = lh.table(LakehouseTables.curated(TOPIC));
    var index = lh.table(LakehouseTables.keyIndex(TOPIC));

    Set<String> indexed = DataFiles.indexedPeriods(index, Set.of("k3"));
    var candidates = CuratePipeline.candidatePartitions(
        TopicSchemaParser.parse(schema("\"all\""), "test"), Set.of("2026-06"), indexed);
    Set<String> read = new TreeSet<>();
    DataFiles.live(table, candidates).forEach(f ->
        read.add(f.dataFile().partition().get(0, String.class)));

    assertEquals(Set.of("2025-03"), indexed, "the index knows where k3 lives");
    assertEquals(Set.of("2025-03"), read, "one of twelve periods is read (2026-06 is empty)");
    RunRecord correction = lh.load(List.of(
        event("c3", "k3", "2026-06", "2026-06-10T00:00:00Z", ",\"amount\":\"33.00\"")));
    assertEquals(1, correction.count(RunCounts.UPDATED));
    assertEquals(1, rowsOf(lh, "k3").size());
  }

  @Test
  void topicWithoutActiveSchemaIsSkippedWithAClearMessage() throws IOException {
    Lakehouse lh = new Lakehouse(dir.resolve("none"), TOPIC);
    lh.ingest(List.of(event("m1", "k1", "2026-01", "2026-01-10T00:00:00Z", "")));
    lh.standardize();
    CuratePipeline.Skipped skipped = assertThrows(CuratePipeline.Skipped.class, lh::curate);
    assertTrue(skipped.getMessage().contains("no active schema"), skipped.getMessage());
  }

  @Test
  void secondCurateWithoutNewRowsCommitsNothing() throws IOException {
    Lakehouse lh = lakehouse("1");
    lh.load(List.of(event("m1", "k1", "2026-01", "2026-01-10T00:00:00Z", "")));
    assertNull(lh.curate());
  }

  /** A readable, order-independent picture of CURATED, its errors and the curate audit rows. */
  private static String tables(Lakehouse lh) {
    TreeSet<String> curated = new TreeSet<>();
    for (Record r : lh.rows(LakehouseTables.curated(TOPIC))) {
      curated.add(r.getField("idempotency_key") + "|" + r.getField("message_id") + "|"
          + r.getField("period_reference") + "|" + r.getField("amount"));
    }
    TreeSet<String> errors = new TreeSet<>();
    lh.rows(LakehouseTables.CURATED_ERRORS).forEach(r ->
        errors.add(r.getField("message_id") + "|" + r.getField("error_type")));
    long audits = lh.rows(LakehouseTables.PIPELINE_RUNS).stream()
        .filter(r -> r.getField("stage").equals("curate")).count();
    return "curated=" + curated + "\nerrors=" + errors + "\ncurate audit rows=" + audits;
  }

  @ParameterizedTest
  @ValueSource(strings = {"curate.main", "curate.curated.errors", "curate.curated_keys.events",
      "curate.audit"})
  void curateKilledAtAnyCommitPointEndsLikeAnUninterruptedRun(String point) throws IOException {
    List<String> day1 = List.of(event("m1", "k1", "2026-01", "2026-01-10T00:00:00Z", ""),
        event("m2", "k2", "2026-01", "2026-01-10T00:00:00Z", ""));
    List<String> day2 = List.of(
        event("m3", "k1", "2026-02", "2026-02-10T00:00:00Z", ",\"amount\":\"3.00\""),
        event("m4", "k3", "2026-02", "2026-02-10T00:00:00Z", ",\"user_id\":\"x\"")
);
    Lakehouse reference = lakehouse("1");
    reference.load(day1);
    reference.load(day2);

    Lakehouse killed = new Lakehouse(dir.resolve("killed"), TOPIC);
    killed.activate(schema("1"));
    killed.load(day1);
    killed.ingest(day2);
    killed.standardize();
    System.setProperty(FaultPoints.PROPERTY, point);
    assertThrows(Exception.class, killed::curate);
    System.clearProperty(FaultPoints.PROPERTY);
    killed.curate();

    assertEquals(tables(reference), tables(killed));
  }
}
