package io.leanops.pipelines;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.leanops.io.CatalogConfig;
import io.leanops.io.FaultPoints;
import io.leanops.io.LakehouseTables;
import io.leanops.io.RunCounts;
import io.leanops.io.RunRecord;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.io.CloseableIterable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class StandardizePipelineTest {
  private static final String TOPIC = "events";
  private static final String SCHEMA_V1 =
      "{\"topic_name\":\"events\",\"schema_version\":\"1.0.0\","
          + "\"payload_columns\":{\"user_id\":\"BIGINT\",\"amount\":\"DECIMAL(12,2)\","
          + "\"device_os_name\":\"STRING\"}}";
  private static final List<String> LINES =
      List.of(
          event("m1", "k1", "2026-01", "2026-01-28T10:00:00Z", ""),
          // a producer retry of m1: same message id, later line → FIFO duplicate
          event("m1", "k1", "2026-01", "2026-01-28T10:00:00Z", ""),
          // a correction of k1 → LIFO supersedes m1 within the batch
          event("m2", "k1", "2026-01", "2026-01-29T10:00:00Z", ""),
          event("m3", "k2", "2026-02", "2026-02-01T10:00:00Z",
              ",\"device\":{\"os\":{\"name\":\"android\"}},\"browser_version\":\"17\""),
          "this is not json",
          "[1,2]");

  @TempDir Path dir;

  @AfterEach
  void disarmFaults() {
    System.clearProperty(FaultPoints.PROPERTY);
  }

  private static String event(String id, String key, String period, String updated,
      String extra) {
    return "{\"message_id\":\"" + id + "\",\"topic_name\":\"events\",\"idempotency_key\":\"" + key
        + "\",\"period_reference\":\"" + period + "\",\"publish_time\":\"" + updated
        + "\",\"last_updated_ts\":\"" + updated + "\",\"user_id\":\"1001\",\"amount\":\"10.00\""
        + extra + "}";
  }

  private String[] common(Path warehouse) {
    return new String[] {"--topic=" + TOPIC, "--warehouse=" + warehouse,
        "--schemaStore=" + dir.resolve("schemas")};
  }

  private Path input(String name, List<String> lines) throws IOException {
    Path file = dir.resolve(name);
    Files.write(file, (String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8));
    return file;
  }

  private void activateSchema(String json) throws IOException {
    Path active = dir.resolve("schemas").resolve(TOPIC).resolve("active");
    Files.createDirectories(active);
    Files.writeString(active.resolve("schema.json"), json);
  }

  private RunRecord ingest(Path warehouse, Path file) {
    List<String> args = new ArrayList<>(List.of(common(warehouse)));
    args.add("--input=" + file);
    return IngestPipeline.run(PipelineOptionsFactory.fromArgs(args.toArray(new String[0]))
        .as(IngestOptions.class));
  }

  private RunRecord standardize(Path warehouse) {
    return StandardizePipeline.run(
        PipelineOptionsFactory.fromArgs(common(warehouse)).as(LeanopsOptions.class));
  }

  private static List<Record> rows(Path warehouse, TableIdentifier id) {
    Catalog catalog = CatalogConfig.hadoop(warehouse.toString()).load();
    Table table = catalog.loadTable(id);
    List<Record> rows = new ArrayList<>();
    try (CloseableIterable<Record> it = IcebergGenerics.read(table).build()) {
      it.forEach(rows::add);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    return rows;
  }

  /** A readable, order-independent picture of every table the stage writes. */
  private static String tables(Path warehouse) {
    TreeSet<String> std = new TreeSet<>();
    for (Record r : rows(warehouse, LakehouseTables.standardized(TOPIC))) {
      std.add(r.getField("message_id") + "|" + r.getField("idempotency_key") + "|"
          + r.getField("device_os_name") + "|" + r.getField("browser_version"));
    }
    TreeSet<String> errors = new TreeSet<>();
    for (Record r : rows(warehouse, LakehouseTables.PARSE_ERRORS)) {
      errors.add(r.getField("message_id") + "|" + r.getField("error_type"));
    }
    TreeSet<String> drift = new TreeSet<>();
    for (Record r : rows(warehouse, LakehouseTables.DRIFT_LOG)) {
      drift.add(r.getField("period_reference") + "|" + r.getField("message_id") + "|"
          + r.getField("drifted_columns"));
    }
    TreeSet<String> audit = new TreeSet<>();
    for (Record r : rows(warehouse, LakehouseTables.PIPELINE_RUNS)) {
      audit.add(r.getField("stage") + "|" + r.getField("read") + "|" + r.getField("written"));
    }
    return "standardized=" + std + "\nparse_errors=" + errors + "\ndrift_log=" + drift
        + "\naudit=" + audit;
  }

  @Test
  void standardizesNewRawRowsWithEveryRowAccountedFor() throws IOException {
    activateSchema(SCHEMA_V1);
    Path warehouse = dir.resolve("lakehouse");
    RunRecord ingested = ingest(warehouse, input("day1.jsonl", LINES));
    assertEquals(6, ingested.count(RunCounts.WRITTEN));

    RunRecord run = standardize(warehouse);

    assertEquals(6, run.count(RunCounts.READ));
    assertEquals(2, run.count(RunCounts.PARSE_ERRORS));
    assertEquals(1, run.count(RunCounts.FIFO_DUPLICATES));
    assertEquals(1, run.count(RunCounts.LIFO_SUPERSEDED));
    assertEquals(2, run.count(RunCounts.WRITTEN));
    assertEquals(run.count(RunCounts.READ), run.count(RunCounts.WRITTEN)
        + run.count(RunCounts.PARSE_ERRORS) + run.count(RunCounts.FIFO_DUPLICATES)
        + run.count(RunCounts.LIFO_SUPERSEDED));

    List<Record> std = rows(warehouse, LakehouseTables.standardized(TOPIC));
    TreeSet<String> ids = new TreeSet<>();
    std.forEach(r -> ids.add((String) r.getField("message_id")));
    assertEquals(new TreeSet<>(List.of("m2", "m3")), ids, "latest version of k1, and k2");
    Record m3 = std.stream().filter(r -> r.getField("message_id").equals("m3")).findFirst()
        .orElseThrow();
    assertEquals("android", m3.getField("device_os_name"), "nested keys flattened with _");

    List<Record> errors = rows(warehouse, LakehouseTables.PARSE_ERRORS);
    TreeSet<String> types = new TreeSet<>();
    errors.forEach(r -> types.add((String) r.getField("error_type")));
    assertEquals(new TreeSet<>(List.of("NOT_JSON", "NOT_OBJECT")), types);
    assertTrue(errors.stream().anyMatch(r -> "this is not json".equals(r.getField("raw_text"))),
        "the original text is kept");

    List<Record> drift = rows(warehouse, LakehouseTables.DRIFT_LOG);
    assertEquals(1, drift.size());
    assertEquals("2026-02", drift.get(0).getField("period_reference"));
    assertEquals(List.of("browser_version"), drift.get(0).getField("drifted_columns"));
    assertEquals(1, rows(warehouse, LakehouseTables.PIPELINE_RUNS).stream()
        .filter(r -> r.getField("stage").equals("standardize")).count());
  }

  @Test
  void secondRunWithoutNewRawDataCommitsNothing() throws IOException {
    Path warehouse = dir.resolve("lakehouse");
    ingest(warehouse, input("day1.jsonl", LINES));
    standardize(warehouse);
    Table std = CatalogConfig.hadoop(warehouse.toString()).load()
        .loadTable(LakehouseTables.standardized(TOPIC));
    long snapshot = std.currentSnapshot().snapshotId();

    assertNull(standardize(warehouse), "nothing new to read");

    std.refresh();
    assertEquals(snapshot, std.currentSnapshot().snapshotId());
  }

  @Test
  void neverStoresAMessageIdTwiceAcrossRuns() throws IOException {
    Path warehouse = dir.resolve("lakehouse");
    ingest(warehouse, input("day1.jsonl", LINES));
    standardize(warehouse);
    // Day 2 re-delivers m3 (already stored) and brings m4.
    ingest(warehouse, input("day2.jsonl", List.of(LINES.get(3),
        event("m4", "k4", "2026-02", "2026-02-02T10:00:00Z", ""))));

    RunRecord second = standardize(warehouse);

    assertEquals(2, second.count(RunCounts.READ));
    assertEquals(1, second.count(RunCounts.FIFO_DUPLICATES));
    assertEquals(1, second.count(RunCounts.WRITTEN));
    List<String> ids = new ArrayList<>();
    rows(warehouse, LakehouseTables.standardized(TOPIC))
        .forEach(r -> ids.add((String) r.getField("message_id")));
    ids.sort(null);
    assertEquals(List.of("m2", "m3", "m4"), ids);
  }

  @ParameterizedTest
  @ValueSource(strings = {"standardize.main", "standardize.standardized.parse_errors", "standardize.drift_log",
      "standardize.audit"})
  void runKilledAtAnyCommitPointEndsLikeAnUninterruptedRun(String point) throws IOException {
    activateSchema(SCHEMA_V1);
    Path file = input("day1.jsonl", LINES);
    Path reference = dir.resolve("reference");
    ingest(reference, file);
    standardize(reference);

    Path warehouse = dir.resolve("killed");
    ingest(warehouse, file);
    System.setProperty(FaultPoints.PROPERTY, point);
    Exception killed = assertThrows(Exception.class, () -> standardize(warehouse));
    assertTrue(String.valueOf(rootCause(killed).getMessage()).contains(point), killed::toString);
    System.clearProperty(FaultPoints.PROPERTY);
    standardize(warehouse);

    assertEquals(tables(reference), tables(warehouse));
  }

  private static Throwable rootCause(Throwable t) {
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    return t;
  }
}
