package io.leanops.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.leanops.io.CatalogConfig;
import io.leanops.io.LakehouseTables;
import io.leanops.io.RunCounts;
import io.leanops.io.RunRecord;
import io.leanops.pipelines.IngestOptions;
import io.leanops.pipelines.IngestPipeline;
import io.leanops.pipelines.LeanopsOptions;
import io.leanops.pipelines.StandardizePipeline;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * "Tables are readable by another Iceberg engine" (SPEC.md §3.8, §4.7): the real ingest and
 * standardize pipelines run on the DirectRunner into a fresh Hadoop-catalog warehouse, then Spark
 * SQL (local mode, Iceberg's own Spark runtime, same Iceberg version) reads the same warehouse and
 * must return exactly the rows the Iceberg Java reader returns — every column, rendered as text,
 * timestamps compared as instants — and see the evolved payload columns and the partitioning.
 *
 * <p>Spark runs in the same JVM but in its own class loader ({@link IsolatedSpark}): the Beam side
 * and the Iceberg Java reader use the pipelines' plain Iceberg jars, Spark only the Iceberg Spark
 * runtime.
 */
class StandardizedReadableBySparkIT {
  private static final String TOPIC = "events";
  /** Active schema: registers some payload columns, so the others are drift (drift_log rows). */
  private static final String SCHEMA_V1 =
      "{\"topic_name\":\"events\",\"schema_version\":\"1.0.0\","
          + "\"payload_columns\":{\"user_id\":\"BIGINT\",\"amount\":\"DECIMAL(12,2)\","
          + "\"device_os_name\":\"STRING\"}}";
  private static final List<String> LINES =
      List.of(
          // nested objects two levels deep, an array value, a unicode value
          "{\"message_id\":\"m1\",\"topic_name\":\"events\",\"idempotency_key\":\"k1\","
              + "\"period_reference\":\"2026-01\",\"publish_time\":\"2026-01-28T10:00:00Z\","
              + "\"last_updated_ts\":\"2026-01-28T10:00:00Z\",\"user_id\":\"1001\","
              + "\"amount\":\"10.00\",\"city\":\"Zürich\","
              + "\"device\":{\"type\":\"phone\",\"os\":{\"name\":\"android\",\"version\":14}},"
              + "\"tags\":[\"a\",\"b\",{\"c\":1}]}",
          // a producer retry of m1: same message_id → FIFO duplicate, never stored twice
          "{\"message_id\":\"m1\",\"topic_name\":\"events\",\"idempotency_key\":\"k1\","
              + "\"period_reference\":\"2026-01\",\"publish_time\":\"2026-01-28T10:00:00Z\","
              + "\"last_updated_ts\":\"2026-01-28T10:00:00Z\",\"user_id\":\"1001\","
              + "\"amount\":\"10.00\",\"city\":\"Zürich\","
              + "\"device\":{\"type\":\"phone\",\"os\":{\"name\":\"android\",\"version\":14}},"
              + "\"tags\":[\"a\",\"b\",{\"c\":1}]}",
          // a correction of k1 (newer last_updated_ts) → supersedes m1 within the batch
          "{\"message_id\":\"m2\",\"topic_name\":\"events\",\"idempotency_key\":\"k1\","
              + "\"period_reference\":\"2026-01\",\"publish_time\":\"2026-01-29T11:30:00.123456Z\","
              + "\"last_updated_ts\":\"2026-01-29T11:30:00Z\",\"user_id\":\"1001\","
              + "\"amount\":\"12.50\",\"city\":\"Zürich\","
              + "\"device\":{\"type\":\"phone\",\"os\":{\"name\":\"android\",\"version\":15}},"
              + "\"tags\":[]}",
          // another period; a non-UTC offset (same instant must come back); CJK + emoji
          "{\"message_id\":\"m3\",\"topic_name\":\"events\",\"idempotency_key\":\"k2\","
              + "\"period_reference\":\"2026-02\",\"publish_time\":\"2026-02-01T12:00:00+02:00\","
              + "\"last_updated_ts\":\"2026-02-01T10:00:00Z\",\"user_id\":\"1002\","
              + "\"amount\":\"7.25\",\"city\":\"東京 🚀\","
              + "\"device\":{\"type\":\"tablet\",\"os\":{\"name\":\"ios\"}},"
              + "\"note\":null}",
          "{\"message_id\":\"m4\",\"topic_name\":\"events\",\"idempotency_key\":\"k3\","
              + "\"period_reference\":\"2026-02\",\"publish_time\":\"2026-02-03T08:15:00Z\","
              + "\"last_updated_ts\":\"2026-02-03T08:15:00Z\",\"user_id\":\"1003\","
              + "\"amount\":\"99.99\",\"browser\":{\"version\":\"17\"},\"tags\":[1,2,3]}",
          // publish_time missing → null in STANDARDIZED (partition day(publish_time) = null)
          "{\"message_id\":\"m5\",\"topic_name\":\"events\",\"idempotency_key\":\"k4\","
              + "\"period_reference\":\"2026-03\",\"last_updated_ts\":\"2026-03-01T00:00:00Z\","
              + "\"user_id\":\"1004\",\"amount\":\"1.00\"}",
          // not JSON → standardized.parse_errors
          "this is not json {",
          // JSON but not an object → standardized.parse_errors
          "[1,2]");

  @TempDir static Path dir;
  private static Path warehouse;
  private static IsolatedSpark spark;

  @BeforeAll
  static void runPipelinesThenStartSpark() throws IOException {
    warehouse = dir.resolve("lakehouse");
    Path schemas = dir.resolve("schemas");
    Path active = schemas.resolve(TOPIC).resolve("active");
    Files.createDirectories(active);
    Files.writeString(active.resolve("schema.json"), SCHEMA_V1);
    Path input = dir.resolve("events.jsonl");
    Files.write(input, (String.join("\n", LINES) + "\n").getBytes(StandardCharsets.UTF_8));

    String[] common = {"--topic=" + TOPIC, "--warehouse=" + warehouse,
        "--schemaStore=" + schemas};
    List<String> ingestArgs = new ArrayList<>(Arrays.asList(common));
    ingestArgs.add("--input=" + input);
    RunRecord ingested = IngestPipeline.run(PipelineOptionsFactory
        .fromArgs(ingestArgs.toArray(new String[0])).as(IngestOptions.class));
    assertEquals(LINES.size(), ingested.count(RunCounts.WRITTEN), "RAW loses nothing");
    RunRecord standardized = StandardizePipeline.run(
        PipelineOptionsFactory.fromArgs(common).as(LeanopsOptions.class));
    assertEquals(4, standardized.count(RunCounts.WRITTEN), "m2, m3, m4, m5");
    assertEquals(2, standardized.count(RunCounts.PARSE_ERRORS));
    assertEquals(1, standardized.count(RunCounts.FIFO_DUPLICATES));
    assertEquals(1, standardized.count(RunCounts.LIFO_SUPERSEDED));

    spark = new IsolatedSpark(warehouse.toString());
  }

  @AfterAll
  static void stopSpark() throws Exception {
    if (spark != null) {
      spark.close();
    }
  }

  @Test
  void sparkReadsStandardizedEventsRowForRow() {
    TableIdentifier id = LakehouseTables.standardized(TOPIC);
    List<String> javaRows = icebergRows(id);
    List<String> sparkRows = sparkRows("SELECT * FROM " + sparkName(id));

    assertEquals(4, javaRows.size(), () -> String.join("\n", javaRows));
    assertEquals(javaRows, sparkRows);
  }

  @Test
  void sparkReadsEverySideTableOfTheStandardizeStageRowForRow() {
    for (TableIdentifier id : List.of(LakehouseTables.PARSE_ERRORS, LakehouseTables.DRIFT_LOG,
        LakehouseTables.PIPELINE_RUNS, LakehouseTables.raw(TOPIC))) {
      List<String> javaRows = icebergRows(id);
      assertFalse(javaRows.isEmpty(), id + " has rows");
      assertEquals(javaRows, sparkRows("SELECT * FROM " + sparkName(id)), id.toString());
    }
    assertEquals(2, icebergRows(LakehouseTables.PARSE_ERRORS).size());
  }

  @Test
  void sparkSeesTheEvolvedPayloadColumnsAndTheirValues() {
    List<String> columns =
        spark.columns("SELECT * FROM " + sparkName(LakehouseTables.standardized(TOPIC)));
    for (String c : List.of("user_id", "amount", "city", "device_type", "device_os_name",
        "device_os_version", "tags", "note", "browser_version")) {
      assertTrue(columns.contains(c), c + " in " + columns);
    }
    List<String> rows = spark.query("SELECT message_id, device_os_name, device_os_version, tags,"
            + " city, CAST(publish_time AS STRING) AS publish_time FROM "
            + sparkName(LakehouseTables.standardized(TOPIC)) + " ORDER BY message_id").stream()
        .map(r -> String.join("|", r.values())).collect(Collectors.toList());
    assertEquals(List.of(
        "m2|android|15|[]|Zürich|2026-01-29 11:30:00.123456",
        "m3|ios|null|null|東京 🚀|2026-02-01 10:00:00",
        "m4|null|null|[1,2,3]|null|2026-02-03 08:15:00",
        "m5|null|null|null|null|null"), rows);
  }

  @Test
  void sparkSeesThePartitioningByPeriodReference() {
    String table = sparkName(LakehouseTables.standardized(TOPIC));
    List<String> partitioning = spark.query("DESCRIBE TABLE " + table).stream()
        .filter(r -> r.get("col_name").startsWith("Part "))
        .map(r -> r.get("data_type"))
        .collect(Collectors.toList());
    assertEquals(List.of("period_reference", "days(publish_time)"), partitioning);

    List<String> february = spark.query("SELECT message_id FROM " + table
            + " WHERE period_reference = '2026-02' ORDER BY message_id").stream()
        .map(r -> r.get("message_id")).collect(Collectors.toList());
    assertEquals(List.of("m3", "m4"), february);

    // One Iceberg partition per (period, day), as the Java side wrote them.
    List<String> partitions = spark.query("SELECT partition.period_reference AS period,"
            + " record_count FROM " + table + ".partitions ORDER BY partition.period_reference,"
            + " partition.publish_time_day").stream()
        .map(r -> r.get("period") + "=" + r.get("record_count")).collect(Collectors.toList());
    assertEquals(List.of("2026-01=1", "2026-02=1", "2026-02=1", "2026-03=1"), partitions);
  }

  private static String sparkName(TableIdentifier id) {
    return SparkSql.CATALOG + "." + id;
  }

  /** Every row of {@code id} through the Iceberg Java reader, rendered and sorted. */
  private static List<String> icebergRows(TableIdentifier id) {
    Catalog catalog = CatalogConfig.hadoop(warehouse.toString()).load();
    Table table = catalog.loadTable(id);
    List<Types.NestedField> fields = table.schema().columns();
    List<String> rows = new ArrayList<>();
    try (CloseableIterable<Record> it = IcebergGenerics.read(table).build()) {
      for (Record r : it) {
        Map<String, String> row = new TreeMap<>();
        for (Types.NestedField f : fields) {
          row.put(f.name(), Values.render(r.getField(f.name())));
        }
        rows.add(row.toString());
      }
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    rows.sort(null);
    return rows;
  }

  /** Every row of a Spark SQL query, rendered like {@link #icebergRows} and sorted. */
  private static List<String> sparkRows(String sql) {
    List<String> rows = new ArrayList<>();
    for (Map<String, String> r : spark.query(sql)) {
      rows.add(new TreeMap<>(r).toString());
    }
    rows.sort(null);
    return rows;
  }
}
