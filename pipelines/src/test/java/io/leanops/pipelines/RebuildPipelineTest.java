package io.leanops.pipelines;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.leanops.io.CatalogConfig;
import io.leanops.io.FaultPoints;
import io.leanops.io.FlowControl;
import io.leanops.io.LakehouseTables;
import io.leanops.io.RunCounts;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RebuildPipelineTest {
  private static final String TOPIC = "events";
  private static final String V1 =
      "{\"topic_name\":\"events\",\"schema_version\":\"1.0.0\","
          + "\"payload_columns\":{\"user_id\":{\"type\":\"BIGINT\",\"required\":true},"
          + "\"note\":\"STRING\"}}";
  /**
   * Breaking (BIGINT → INT, a column removed), declared: a rebuild is required. Producers still
   * send the removed field, so the topic curates the known columns instead of holding every row.
   */
  private static final String V3 =
      "{\"topic_name\":\"events\",\"schema_version\":\"3.0.0\",\"change_intent\":\"NUCLEAR_RESET\","
          + "\"drift_policy\":\"CURATE_KNOWN\","
          + "\"payload_columns\":{\"user_id\":{\"type\":\"INT\",\"required\":true}}}";

  @TempDir Path dir;

  @AfterEach
  void disarm() {
    System.clearProperty(FaultPoints.PROPERTY);
  }

  private static String event(String id, String key, String updated) {
    return "{\"message_id\":\"" + id + "\",\"idempotency_key\":\"" + key
        + "\",\"period_reference\":\"2026-01\",\"publish_time\":\"2026-01-10T10:00:00Z\","
        + "\"last_updated_ts\":\"" + updated + "\",\"user_id\":\"42\",\"note\":\"n\"}";
  }

  private static final List<String> DAY1 = List.of(
      event("m1", "k1", "2026-01-10T00:00:00Z"), event("m1", "k1", "2026-01-10T00:00:00Z"),
      event("m2", "k2", "2026-01-10T00:00:00Z"), event("m3", "k1", "2026-01-11T00:00:00Z"),
      "not json");

  private RebuildPipeline.Result rebuild(Lakehouse lh) {
    List<String> args = new ArrayList<>(List.of("--topic=" + TOPIC,
        "--warehouse=" + lh.warehouse(), "--schemaStore=" + lh.warehouse().resolveSibling("schemas")));
    return RebuildPipeline.run(PipelineOptionsFactory.fromArgs(args.toArray(new String[0]))
        .as(CurateOptions.class));
  }

  private Lakehouse loadedV1(String name) throws Exception {
    Lakehouse lh = new Lakehouse(dir.resolve(name), TOPIC);
    lh.activate(V1);
    lh.load(DAY1);
    lh.activate(V3);
    return lh;
  }

  private static String tables(Lakehouse lh) {
    TreeSet<String> std = new TreeSet<>();
    lh.rows(LakehouseTables.standardized(TOPIC)).forEach(r -> std.add(r.getField("message_id")
        + "|" + r.getField("idempotency_key")));
    TreeSet<String> cur = new TreeSet<>();
    lh.rows(LakehouseTables.curated(TOPIC)).forEach(r -> cur.add(r.getField("idempotency_key")
        + "|" + r.getField("message_id") + "|" + r.getField("user_id") + "|"
        + r.getField("schema_version")));
    return "standardized=" + std + "\ncurated=" + cur;
  }

  @Test
  void rebuildArchivesRecreatesAndReloadsThenNormalRunsContinue() throws Exception {
    Lakehouse lh = loadedV1("lh");
    List<Record> oldCurated = lh.rows(LakehouseTables.curated(TOPIC));

    RebuildPipeline.Result result = rebuild(lh);

    var catalog = CatalogConfig.hadoop(lh.warehouse().toString()).load();
    TableIdentifier archive = TableIdentifier.of(Namespace.of("curated"),
        TOPIC + "_" + result.archiveSuffix);
    assertTrue(result.archiveSuffix.matches("archive_\\d{8}_\\d{6}"), result.archiveSuffix);
    assertEquals(oldCurated.size(), lh.rows(archive).size(), "archive holds the old CURATED");
    // m2 and m3 (the retry of m1 was a FIFO duplicate, m1 itself superseded by m3 in the batch)
    assertEquals(2, lh.rows(TableIdentifier.of(Namespace.of("standardized"),
        TOPIC + "_" + result.archiveSuffix)).size(), "archive holds the old STANDARDIZED");
    var curated = lh.table(LakehouseTables.curated(TOPIC));
    assertEquals(Types.IntegerType.get(), curated.schema().findField("user_id").type());
    assertTrue(curated.schema().findField("note") == null, "removed column gone");
    List<Record> rows = lh.rows(LakehouseTables.curated(TOPIC));
    assertEquals(2, rows.size());
    rows.forEach(r -> assertEquals(42, r.getField("user_id")));
    rows.forEach(r -> assertEquals("3.0.0", r.getField("schema_version")));
    assertEquals(FlowControl.Flow.ENABLED, FlowControl.flow(curated));
    assertEquals(FlowControl.Status.READY, FlowControl.status(curated));

    // normal runs continue exactly after: nothing left, then only the new rows
    assertEquals(null, lh.standardize());
    var next = lh.load(List.of(event("m9", "k9", "2026-01-12T00:00:00Z")));
    assertEquals(1, next.count(RunCounts.READ));
    assertEquals(3, lh.rows(LakehouseTables.curated(TOPIC)).size());

    ByteArrayOutputStream out = new ByteArrayOutputStream();
    PrintStream ps = new PrintStream(out, true, StandardCharsets.UTF_8);
    assertEquals(0, Main.run(new String[] {"reconcile", "--topic=" + TOPIC,
        "--warehouse=" + lh.warehouse()}, ps, ps), out.toString(StandardCharsets.UTF_8));
  }

  @ParameterizedTest
  @ValueSource(strings = {"rebuild.archived", "rebuild.replaced", "standardize.main",
      "rebuild.standardized", "curate.main"})
  void rebuildKilledAnywhereStaysPausedAndFinishesOnRerun(String point) throws Exception {
    Lakehouse reference = loadedV1("reference");
    rebuild(reference);

    Lakehouse killed = loadedV1("killed");
    System.setProperty(FaultPoints.PROPERTY, point);
    assertThrows(Exception.class, () -> rebuild(killed));
    System.clearProperty(FaultPoints.PROPERTY);
    var curated = killed.table(LakehouseTables.curated(TOPIC));
    assertEquals(FlowControl.Flow.PAUSED, FlowControl.flow(curated), "never resumes half-built");
    assertThrows(CuratePipeline.Skipped.class, killed::curate);

    RebuildPipeline.Result result = rebuild(killed);

    assertEquals(tables(reference), tables(killed));
    assertEquals(FlowControl.Flow.ENABLED,
        FlowControl.flow(killed.table(LakehouseTables.curated(TOPIC))));
    assertEquals(1, CatalogConfig.hadoop(killed.warehouse().toString()).load()
        .listTables(Namespace.of("curated")).stream()
        .filter(id -> id.name().startsWith(TOPIC + "_archive_")).count(), "one archive");
    assertTrue(result.archiveSuffix.startsWith("archive_"));
  }
}
