package io.leanops.pipelines;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.leanops.io.CatalogConfig;
import io.leanops.io.ConcurrentRunException;
import io.leanops.io.LakehouseTables;
import io.leanops.io.MainCommit;
import io.leanops.io.PartitionedFileWriter;
import io.leanops.io.RunCommitter;
import io.leanops.io.RunCounts;
import io.leanops.io.RunRecord;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.HasTableOperations;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.io.CloseableIterable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SPEC.md §7: two standardize runs on the same topic at the same time — one commits, the other
 * fails with a clear message, nothing is applied twice.
 */
class ConcurrentStandardizeTest {
  private static final String TOPIC = "events";
  private static final String STAGE = StandardizePipeline.STAGE;

  @TempDir Path dir;

  private Path warehouse() {
    return dir.resolve("lakehouse");
  }

  private String[] common() {
    return new String[] {"--topic=" + TOPIC, "--warehouse=" + warehouse(),
        "--schemaStore=" + dir.resolve("schemas")};
  }

  private static String event(String id) {
    return "{\"message_id\":\"" + id + "\",\"topic_name\":\"events\",\"idempotency_key\":\"k-" + id
        + "\",\"period_reference\":\"2026-01\",\"publish_time\":\"2026-01-28T10:00:00Z\","
        + "\"last_updated_ts\":\"2026-01-28T10:00:00Z\",\"amount\":\"1.00\"}";
  }

  private void ingest(String name, String... ids) throws IOException {
    StringBuilder text = new StringBuilder();
    for (String id : ids) {
      text.append(event(id)).append('\n');
    }
    Path file = dir.resolve(name);
    Files.writeString(file, text);
    List<String> args = new ArrayList<>(List.of(common()));
    args.add("--input=" + file);
    IngestPipeline.run(PipelineOptionsFactory.fromArgs(args.toArray(new String[0]))
        .as(IngestOptions.class));
  }

  private RunRecord standardize() {
    return StandardizePipeline.run(
        PipelineOptionsFactory.fromArgs(common()).as(LeanopsOptions.class));
  }

  private Catalog catalog() {
    return CatalogConfig.hadoop(warehouse().toString()).load();
  }

  private List<Record> rows(TableIdentifier id) {
    List<Record> rows = new ArrayList<>();
    try (CloseableIterable<Record> it = IcebergGenerics.read(catalog().loadTable(id)).build()) {
      it.forEach(rows::add);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    return rows;
  }

  /** message_id → number of STANDARDIZED rows with it. */
  private Map<String, Integer> standardizedIds() {
    Map<String, Integer> ids = new TreeMap<>();
    for (Record r : rows(LakehouseTables.standardized(TOPIC))) {
      ids.merge((String) r.getField("message_id"), 1, Integer::sum);
    }
    return ids;
  }

  private List<Record> standardizeAuditRows() {
    return rows(LakehouseTables.PIPELINE_RUNS).stream()
        .filter(r -> STAGE.equals(r.getField("stage"))).toList();
  }

  /** STANDARDIZED data files holding one row per id, staged (not committed) for a hand-made run. */
  private static List<DataFile> stagedRows(Table std, String runId, String... ids) {
    PartitionedFileWriter writer = new PartitionedFileWriter(std, std.schema(), runId);
    for (String id : ids) {
      GenericRecord r = GenericRecord.create(std.schema());
      r.setField("message_id", id);
      r.setField("topic_name", TOPIC);
      r.setField("period_reference", "2026-01");
      r.setField("ingestion_ts", OffsetDateTime.parse("2026-01-28T10:00:00Z"));
      writer.write(r);
    }
    return writer.complete();
  }

  private static RunRecord plannedRun(String runId, Long from, long to, long written) {
    return new RunRecord(runId, STAGE, TOPIC, from, to, 1L, 2L,
        Map.of(RunCounts.READ, written, RunCounts.WRITTEN, written), List.of(), Map.of());
  }

  private static void assertClearConcurrentMessage(String message, String loserRunId) {
    assertTrue(message.contains("topic '" + TOPIC + "'"), message);
    assertTrue(message.contains(loserRunId), message);
    assertTrue(message.contains("applied nothing"), message);
    assertTrue(message.contains("Start it again"), message);
  }

  // ------------------------------------------------------------------ deterministic, low level

  @Test
  void secondRunPlannedFromTheSameSourceRangeFailsAndAppliesNothing() throws IOException {
    ingest("day1.jsonl", "m1", "m2");
    Catalog catalog = catalog();
    Table std = LakehouseTables.standardizedTable(catalog, TOPIC);
    LakehouseTables.pipelineRunsTable(catalog);
    long rawSnapshot = catalog.loadTable(LakehouseTables.raw(TOPIC)).currentSnapshot().snapshotId();
    // Both runs planned before either committed: same source range (nothing consumed → raw head).
    RunRecord a = plannedRun("standardize-a", null, rawSnapshot, 2);
    RunRecord b = plannedRun("standardize-b", null, rawSnapshot, 2);
    List<DataFile> filesA = stagedRows(std, a.runId(), "m1", "m2");
    List<DataFile> filesB = stagedRows(std, b.runId(), "m1", "m2");

    RunCommitter.commit(catalog, std, MainCommit.append(filesA), a);
    ConcurrentRunException e = assertThrows(ConcurrentRunException.class,
        () -> RunCommitter.commit(catalog, catalog.loadTable(LakehouseTables.standardized(TOPIC)),
            MainCommit.append(filesB), b));

    assertClearConcurrentMessage(e.getMessage(), b.runId());
    assertTrue(e.getMessage().contains(a.runId()), "names the run that won: " + e.getMessage());
    assertEquals(Map.of("m1", 1, "m2", 1), standardizedIds());
    List<Record> audit = standardizeAuditRows();
    assertEquals(1, audit.size());
    assertEquals(a.runId(), audit.get(0).getField("run_id"));
  }

  /**
   * The loser checked the marker before the winner committed, and the winner commits in between
   * the check and the loser's append (which re-reads the table before committing): the check must
   * be part of the commit itself, or both runs apply.
   */
  @Test
  void runThatCommitsBetweenTheCheckAndTheAppendStillWinsAlone() throws IOException {
    ingest("day1.jsonl", "m1", "m2");
    Catalog catalog = catalog();
    Table std = LakehouseTables.standardizedTable(catalog, TOPIC);
    LakehouseTables.pipelineRunsTable(catalog);
    long rawSnapshot = catalog.loadTable(LakehouseTables.raw(TOPIC)).currentSnapshot().snapshotId();
    RunRecord a = plannedRun("standardize-a", null, rawSnapshot, 2);
    RunRecord b = plannedRun("standardize-b", null, rawSnapshot, 2);
    List<DataFile> filesA = stagedRows(std, a.runId(), "m1", "m2");
    List<DataFile> filesB = stagedRows(std, b.runId(), "m1", "m2");
    // B's view of the table, frozen before A commits: B's marker check sees no earlier run.
    Table staleForB = frozen(catalog.loadTable(LakehouseTables.standardized(TOPIC)));

    RunCommitter.commit(catalog, catalog.loadTable(LakehouseTables.standardized(TOPIC)),
        MainCommit.append(filesA), a);
    ConcurrentRunException e = assertThrows(ConcurrentRunException.class,
        () -> RunCommitter.commit(catalog, staleForB, MainCommit.append(filesB), b));

    assertClearConcurrentMessage(e.getMessage(), b.runId());
    assertEquals(Map.of("m1", 1, "m2", 1), standardizedIds(), "B applied nothing");
    assertEquals(1, standardizeAuditRows().size());
  }

  /** A table whose {@code refresh()} does nothing: it keeps the state it was loaded with. */
  private static Table frozen(Table table) {
    InvocationHandler handler = (proxy, method, args) -> {
      if (method.getName().equals("refresh") && method.getParameterCount() == 0) {
        return null;
      }
      try {
        return method.invoke(table, args);
      } catch (InvocationTargetException e) {
        throw e.getCause();
      }
    };
    return (Table) Proxy.newProxyInstance(ConcurrentStandardizeTest.class.getClassLoader(),
        new Class<?>[] {Table.class, HasTableOperations.class}, handler);
  }

  // ------------------------------------------------------------------ end to end, real race

  private static final class Outcome {
    final int code;
    final String out;
    final String err;

    Outcome(int code, String out, String err) {
      this.code = code;
      this.out = out;
      this.err = err;
    }
  }

  private Outcome cliStandardize(CyclicBarrier start) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    String[] args = new String[common().length + 1];
    args[0] = "standardize";
    System.arraycopy(common(), 0, args, 1, common().length);
    start.await(30, TimeUnit.SECONDS);
    int code;
    try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
      code = Main.run(args, o, e);
    }
    return new Outcome(code, out.toString(StandardCharsets.UTF_8),
        err.toString(StandardCharsets.UTF_8));
  }

  @Test
  void twoStandardizeRunsAtOnceApplyEverythingExactlyOnce() throws Exception {
    String[] ids = new String[40];
    for (int i = 0; i < ids.length; i++) {
      ids[i] = String.format("m%02d", i);
    }
    ingest("day1.jsonl", ids);
    // The tables exist before the race, as they do for any topic after its first run.
    Catalog catalog = catalog();
    LakehouseTables.standardizedTable(catalog, TOPIC);
    LakehouseTables.parseErrorsTable(catalog);
    LakehouseTables.driftLogTable(catalog);
    LakehouseTables.pipelineRunsTable(catalog);

    CyclicBarrier start = new CyclicBarrier(2);
    ExecutorService pool = Executors.newFixedThreadPool(2);
    List<Outcome> outcomes = new ArrayList<>();
    try {
      Future<Outcome> first = pool.submit(() -> cliStandardize(start));
      Future<Outcome> second = pool.submit(() -> cliStandardize(start));
      outcomes.add(first.get(3, TimeUnit.MINUTES));
      outcomes.add(second.get(3, TimeUnit.MINUTES));
    } finally {
      pool.shutdownNow();
    }

    int committed = 0;
    int conflicts = 0;
    for (Outcome o : outcomes) {
      if (o.code == 0) {
        assertTrue(o.out.startsWith("{") && o.out.endsWith("}\n"), o.out);
        if (!o.out.contains("\"run_id\":null")) {
          committed++;
        }
      } else {
        assertEquals(3, o.code, "a lost race is exit code 3: " + o.err);
        assertEquals("", o.out);
        assertClearConcurrentMessage(o.err, "standardize-");
        assertTrue(o.err.startsWith("leanops standardize: "), o.err);
        conflicts++;
      }
    }
    // Whatever the interleaving: exactly one run applied the batch; the other either lost the
    // race (exit 3) or started after the winner had finished and found nothing new.
    assertEquals(1, committed, () -> "outcomes: " + describe(outcomes));
    assertTrue(conflicts <= 1);

    Map<String, Integer> stored = standardizedIds();
    assertEquals(ids.length, stored.size());
    stored.forEach((id, n) -> assertEquals(1, n, id + " stored " + n + " times"));
    List<Record> audit = standardizeAuditRows();
    assertEquals(1, audit.size(), "one audit row per committed run");
    Record run = audit.get(0);
    assertEquals(40L, run.getField(RunCounts.READ));
    assertEquals(40L, run.getField(RunCounts.WRITTEN));

    // Nothing left to do; new data afterwards is processed exactly once.
    assertNull(standardize(), "the winner consumed everything");
    ingest("day2.jsonl", "m05", "m40");
    RunRecord rest = standardize();
    assertNotNull(rest);
    assertEquals(2, rest.count(RunCounts.READ));
    assertEquals(1, rest.count(RunCounts.WRITTEN));
    assertEquals(1, rest.count(RunCounts.FIFO_DUPLICATES));
    Map<String, Integer> after = standardizedIds();
    assertEquals(41, after.size());
    after.forEach((id, n) -> assertEquals(1, n, id));
    assertEquals(2, standardizeAuditRows().size());
  }

  private static String describe(List<Outcome> outcomes) {
    StringBuilder s = new StringBuilder();
    for (Outcome o : outcomes) {
      s.append("[exit ").append(o.code).append(" out=").append(o.out.trim()).append(" err=")
          .append(o.err.trim()).append("] ");
    }
    return s.toString();
  }
}
