package io.leanops.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.leanops.io.CatalogConfig;
import io.leanops.io.LakehouseTables;
import io.leanops.io.RunCounts;
import io.leanops.io.RunRecord;
import io.leanops.pipelines.CurateOptions;
import io.leanops.pipelines.CuratePipeline;
import io.leanops.pipelines.IngestOptions;
import io.leanops.pipelines.IngestPipeline;
import io.leanops.pipelines.LeanopsOptions;
import io.leanops.pipelines.StandardizePipeline;
import io.leanops.schemas.PeriodReference;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.io.CloseableIterable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The old system's day-4 check, which it failed (it scanned ±1 month and accepted duplicates): a
 * day of 5,000 originals over six periods across a year boundary, then 5,000 corrections of which
 * half move their row to the next period — with producer retries and superseded versions mixed in.
 * CURATED must end with one row per key, every correction applied, each row in its expected
 * period; and Spark SQL, applying our position deletes itself, must read the very same rows.
 */
class CrossPeriodCorrectionsIT {
  private static final String TOPIC = "events";
  private static final int KEYS = 5_000;
  private static final String[] PERIODS =
      {"2025-10", "2025-11", "2025-12", "2026-01", "2026-02", "2026-03"};
  private static final String SCHEMA =
      "{\"topic_name\":\"events\",\"schema_version\":\"1.0.0\",\"lookback_months\":1,"
          + "\"payload_columns\":{\"amount\":{\"type\":\"DECIMAL(12,2)\",\"required\":true}}}";

  @TempDir Path dir;

  private static String event(String id, String key, String period, String updated,
      String amount) {
    return "{\"message_id\":\"" + id + "\",\"idempotency_key\":\"" + key
        + "\",\"period_reference\":\"" + period + "\",\"publish_time\":\"" + period
        + "-15T10:00:00Z\",\"last_updated_ts\":\"" + updated + "\",\"amount\":\"" + amount + "\"}";
  }

  private static String originalPeriod(int i) {
    return PERIODS[i % PERIODS.length];
  }

  /** Odd keys cross into the next period (2025-12 → 2026-01 crosses the year). */
  private static String correctedPeriod(int i) {
    return i % 2 == 1 ? PeriodReference.plusMonths(originalPeriod(i), 1) : originalPeriod(i);
  }

  private static String correctedAmount(int i) {
    return i + ".50";
  }

  private String[] args(String... extra) {
    List<String> args = new ArrayList<>(List.of("--topic=" + TOPIC,
        "--warehouse=" + dir.resolve("lakehouse"), "--schemaStore=" + dir.resolve("schemas")));
    args.addAll(List.of(extra));
    return args.toArray(new String[0]);
  }

  private RunRecord[] day(String name, List<String> lines) throws IOException {
    Path file = dir.resolve(name + ".jsonl");
    Files.write(file, (String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8));
    IngestPipeline.run(PipelineOptionsFactory.fromArgs(args("--input=" + file))
        .as(IngestOptions.class));
    RunRecord std = StandardizePipeline.run(
        PipelineOptionsFactory.fromArgs(args()).as(LeanopsOptions.class));
    RunRecord cur = CuratePipeline.run(
        PipelineOptionsFactory.fromArgs(args()).as(CurateOptions.class));
    return new RunRecord[] {std, cur};
  }

  /**
   * The measurement behind choosing position deletes for the MERGE: bytes the correction commit
   * wrote as delete files, against the bytes copy-on-write would have rewritten (every data file a
   * replaced row lived in). Printed, not asserted: a figure for the record.
   */
  private void reportMergeWriteCost() {
    var table = CatalogConfig.hadoop(dir.resolve("lakehouse").toString()).load()
        .loadTable(LakehouseTables.curated(TOPIC));
    var snapshot = table.currentSnapshot();
    long deleteBytes = 0;
    java.util.Set<String> touched = new java.util.HashSet<>();
    for (var delete : snapshot.addedDeleteFiles(table.io())) {
      deleteBytes += delete.fileSizeInBytes();
      try (CloseableIterable<Record> positions = org.apache.iceberg.parquet.Parquet
          .read(table.io().newInputFile(delete.path().toString()))
          .project(new org.apache.iceberg.Schema(org.apache.iceberg.MetadataColumns.DELETE_FILE_PATH))
          .createReaderFunc(fs -> org.apache.iceberg.data.parquet.GenericParquetReaders
              .buildReader(new org.apache.iceberg.Schema(
                  org.apache.iceberg.MetadataColumns.DELETE_FILE_PATH), fs))
          .build()) {
        positions.forEach(r -> touched.add(r.get(0).toString()));
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
    }
    long rewriteBytes = 0;
    for (var file : table.snapshot(snapshot.parentId()).addedDataFiles(table.io())) {
      if (touched.contains(file.path().toString())) {
        rewriteBytes += file.fileSizeInBytes();
      }
    }
    System.out.printf("MERGE write cost for %d corrections: merge-on-read wrote %d bytes of"
        + " position deletes; copy-on-write would rewrite %d bytes of %d touched data files"
        + " (%.1fx)%n", KEYS, deleteBytes, rewriteBytes, touched.size(),
        deleteBytes == 0 ? 0.0 : (double) rewriteBytes / deleteBytes);
  }

  @Test
  void fiveThousandCorrectionsAcrossPeriodsLeaveOneRowPerKeyAllApplied() throws Exception {
    Path active = dir.resolve("schemas").resolve(TOPIC).resolve("active");
    Files.createDirectories(active);
    Files.writeString(active.resolve("schema.json"), SCHEMA);

    List<String> originals = new ArrayList<>();
    for (int i = 0; i < KEYS; i++) {
      originals.add(event("o" + i, "k" + i, originalPeriod(i), "2026-04-01T00:00:00Z", i + ".00"));
    }
    RunRecord[] day1 = day("originals", originals);
    assertEquals(KEYS, day1[1].count(RunCounts.INSERTED));

    List<String> corrections = new ArrayList<>();
    for (int i = 0; i < KEYS; i++) {
      String c = event("c" + i, "k" + i, correctedPeriod(i), "2026-04-20T00:00:00Z",
          correctedAmount(i));
      corrections.add(c);
      if (i % 10 == 0) {
        corrections.add(c); // a producer retry: same message id
        corrections.add(event("s" + i, "k" + i, correctedPeriod(i), "2026-04-10T00:00:00Z",
            "-1.00")); // an older version of the same correction, superseded in the batch
      }
    }
    RunRecord[] day2 = day("corrections", corrections);

    assertEquals(KEYS / 10, day2[0].count(RunCounts.FIFO_DUPLICATES));
    assertEquals(KEYS / 10, day2[0].count(RunCounts.LIFO_SUPERSEDED));
    assertEquals(KEYS, day2[1].count(RunCounts.UPDATED), "every correction found its original");
    assertEquals(0, day2[1].count(RunCounts.INSERTED));

    reportMergeWriteCost();

    Map<String, Record> byKey = new HashMap<>();
    int rows = 0;
    var table = CatalogConfig.hadoop(dir.resolve("lakehouse").toString()).load()
        .loadTable(LakehouseTables.curated(TOPIC));
    try (CloseableIterable<Record> it = IcebergGenerics.read(table).build()) {
      for (Record r : it) {
        rows++;
        byKey.put((String) r.getField("idempotency_key"), r.copy());
      }
    }
    assertEquals(KEYS, rows, "no duplicate keys in CURATED");
    assertEquals(KEYS, byKey.size());
    Map<String, Integer> expectedDistribution = new TreeMap<>();
    Map<String, Integer> distribution = new TreeMap<>();
    for (int i = 0; i < KEYS; i++) {
      Record r = byKey.get("k" + i);
      assertEquals(new BigDecimal(correctedAmount(i)), r.getField("amount"), "k" + i);
      assertEquals(correctedPeriod(i), r.getField("period_reference"), "k" + i);
      expectedDistribution.merge(correctedPeriod(i), 1, Integer::sum);
      distribution.merge((String) r.getField("period_reference"), 1, Integer::sum);
    }
    assertEquals(expectedDistribution, distribution);

    try (IsolatedSpark spark = new IsolatedSpark(dir.resolve("lakehouse").toString())) {
      List<Map<String, String>> counts = spark.query("SELECT count(*) AS n,"
          + " count(DISTINCT idempotency_key) AS keys FROM " + SparkSql.CATALOG + ".curated.events");
      assertEquals(String.valueOf(KEYS), counts.get(0).get("n"));
      assertEquals(String.valueOf(KEYS), counts.get(0).get("keys"));
      List<String> sparkRows = new ArrayList<>();
      for (Map<String, String> r : spark.query("SELECT idempotency_key, period_reference, amount"
          + " FROM " + SparkSql.CATALOG + ".curated.events")) {
        sparkRows.add(r.get("idempotency_key") + "|" + r.get("period_reference") + "|"
            + r.get("amount"));
      }
      List<String> javaRows = new ArrayList<>();
      byKey.values().forEach(r -> javaRows.add(r.getField("idempotency_key") + "|"
          + r.getField("period_reference") + "|" + Values.render(r.getField("amount"))));
      sparkRows.sort(null);
      javaRows.sort(null);
      assertEquals(javaRows, sparkRows);
    }
  }
}
