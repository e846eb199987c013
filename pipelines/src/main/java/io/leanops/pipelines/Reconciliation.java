package io.leanops.pipelines;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.leanops.io.CatalogConfig;
import io.leanops.io.IcebergValues;
import io.leanops.io.LakehouseTables;
import io.leanops.io.PartitionedFileWriter;
import io.leanops.io.RunCounts;
import io.leanops.io.RunMarker;
import io.leanops.io.TableRows;
import io.leanops.schemas.Envelope;
import io.leanops.schemas.PeriodReference;
import io.leanops.schemas.Timestamps;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Set;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import org.apache.iceberg.AppendFiles;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.expressions.Expression;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.expressions.UnboundPredicate;
import org.apache.iceberg.io.CloseableIterable;

/**
 * {@code leanops reconcile} (SPEC.md §7): checks that every record is accounted for, from {@code
 * audit.pipeline_runs} and the tables themselves, and writes per-period totals to {@code
 * quality.reconciliation}.
 *
 * <p>Checks, per topic: (1) the standardize runs balance — Σ read = Σ written + Σ parse_errors + Σ
 * fifo_duplicates + Σ lifo_superseded; (2) RAW rows up to the last consumed snapshot = Σ read of
 * standardize; (3) STANDARDIZED rows = Σ written of standardize; (4) the topic's parse_errors rows
 * = Σ parse_errors; (5) the curate runs balance — Σ read = Σ inserted + Σ updated + Σ skipped_stale
 * + Σ lifo_superseded + Σ cde_errors + Σ held; (6) STANDARDIZED rows up to curate's last consumed
 * snapshot = Σ read of curate; (7) the topic's curated.errors rows = Σ cde_errors + Σ held. Any
 * gap fails the command with the offending counts.
 */
final class Reconciliation {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private final List<ObjectNode> checks = new ArrayList<>();
  private boolean balanced = true;

  private Reconciliation() {}

  /** Result: one JSON line, and whether everything balanced. */
  static final class Result {
    final String json;
    final boolean balanced;
    final List<String> gaps;

    Result(String json, boolean balanced, List<String> gaps) {
      this.json = json;
      this.balanced = balanced;
      this.gaps = gaps;
    }
  }

  static Result run(ReconcileOptions options) {
    String topic = LakehouseTables.checkTopic(options.getTopic());
    if (options.getPeriod() != null && !PeriodReference.isValid(options.getPeriod())) {
      throw new IllegalArgumentException("--period=" + options.getPeriod()
          + " is not YYYY-MM with a month between 01 and 12");
    }
    CatalogConfig config = LeanopsOptions.catalogConfig(options);
    Catalog catalog = config.load();
    Reconciliation r = new Reconciliation();
    // Only the runs that made the current tables count: after a rebuild, the archived
    // generation's audit and error rows stay as history but are not part of these equations.
    Set<String> lineage = new HashSet<>(
        RunMarker.lineage(catalog.loadTable(LakehouseTables.standardized(topic))));
    if (catalog.tableExists(LakehouseTables.curated(topic))) {
      lineage.addAll(RunMarker.lineage(catalog.loadTable(LakehouseTables.curated(topic))));
    }
    Map<String, Map<String, Long>> sums = auditSums(catalog, topic, lineage);
    Map<String, Long> std = sums.getOrDefault(StandardizePipeline.STAGE, Map.of());
    Map<String, Long> cur = sums.getOrDefault(CuratePipeline.STAGE, Map.of());

    r.check("standardize runs balance", get(std, RunCounts.READ),
        get(std, RunCounts.WRITTEN) + get(std, RunCounts.PARSE_ERRORS)
            + get(std, RunCounts.FIFO_DUPLICATES) + get(std, RunCounts.LIFO_SUPERSEDED));
    Table raw = catalog.loadTable(LakehouseTables.raw(topic));
    Table standardized = catalog.loadTable(LakehouseTables.standardized(topic));
    r.check("RAW rows consumed = standardize read",
        rowsAt(raw, consumed(standardized, StandardizePipeline.STAGE, topic)),
        get(std, RunCounts.READ));
    r.check("STANDARDIZED rows = standardize written", rowsAt(standardized,
        Optional.ofNullable(standardized.currentSnapshot()).map(Snapshot::snapshotId)),
        get(std, RunCounts.WRITTEN));
    r.check("parse_errors rows = standardize parse_errors",
        count(catalog, LakehouseTables.PARSE_ERRORS, Expressions.equal("topic_name", topic),
            lineage),
        get(std, RunCounts.PARSE_ERRORS));

    TableIdentifier curatedId = LakehouseTables.curated(topic);
    boolean curated = catalog.tableExists(curatedId);
    if (curated) {
      r.check("curate runs balance", get(cur, RunCounts.READ),
          get(cur, RunCounts.INSERTED) + get(cur, RunCounts.UPDATED)
              + get(cur, RunCounts.SKIPPED_STALE) + get(cur, RunCounts.LIFO_SUPERSEDED)
              + get(cur, RunCounts.CDE_ERRORS) + get(cur, RunCounts.HELD));
      r.check("STANDARDIZED rows consumed = curate read",
          rowsAt(standardized, consumed(catalog.loadTable(curatedId), CuratePipeline.STAGE,
              topic)), get(cur, RunCounts.READ));
      r.check("curated.errors rows = curate cde_errors + held",
          count(catalog, LakehouseTables.CURATED_ERRORS, Expressions.equal("topic_name", topic),
              lineage),
          get(cur, RunCounts.CDE_ERRORS) + get(cur, RunCounts.HELD));
    }

    ObjectNode line = MAPPER.createObjectNode();
    line.put("command", "reconcile").put("topic", topic);
    line.put("balanced", r.balanced);
    ArrayNode checkArray = line.putArray("checks");
    List<String> gaps = new ArrayList<>();
    for (ObjectNode c : r.checks) {
      checkArray.add(c);
      if (c.get("gap").asLong() != 0) {
        gaps.add(c.get("check").asText() + ": expected " + c.get("expected").asLong() + ", got "
            + c.get("actual").asLong() + " (gap " + c.get("gap").asLong() + ")");
      }
    }
    ArrayNode periods = line.putArray("periods");
    if (curated) {
      String runId = "reconcile-" + UUID.randomUUID();
      List<Record> totals = periodTotals(catalog, topic, options, r.balanced, runId);
      for (Record t : totals) {
        ObjectNode n = periods.addObject();
        n.put("period_reference", (String) t.getField("period_reference"));
        n.put("standardized_rows", (Long) t.getField("standardized_rows"));
        n.put("curated_rows", (Long) t.getField("curated_rows"));
        Object sum = t.getField("amount_sum");
        n.put("amount_sum", sum == null ? null : ((BigDecimal) sum).stripTrailingZeros()
            .toPlainString());
      }
    }
    return new Result(line.toString(), r.balanced, gaps);
  }

  private void check(String name, long expected, long actual) {
    ObjectNode c = MAPPER.createObjectNode();
    c.put("check", name).put("expected", expected).put("actual", actual)
        .put("gap", actual - expected);
    checks.add(c);
    balanced &= expected == actual;
  }

  private static long get(Map<String, Long> sums, String name) {
    return sums.getOrDefault(name, 0L);
  }

  /** Sums of every count column of the topic's audit rows, per stage. */
  private static Map<String, Map<String, Long>> auditSums(Catalog catalog, String topic,
      Set<String> lineage) {
    Map<String, Map<String, Long>> sums = new TreeMap<>();
    for (Record row : TableRows.read(catalog, LakehouseTables.PIPELINE_RUNS,
        Expressions.equal("topic_name", topic))) {
      if (!lineage.contains(row.getField("run_id"))) {
        continue;
      }
      Map<String, Long> stage =
          sums.computeIfAbsent((String) row.getField("stage"), s -> new TreeMap<>());
      for (String name : RunCounts.NAMES) {
        stage.merge(name, (Long) row.getField(name), Long::sum);
      }
    }
    return sums;
  }

  private static Optional<Long> consumed(Table table, String stage, String topic) {
    return RunMarker.latest(table, stage, topic).map(RunMarker::sourceTo);
  }

  /** Live rows of {@code table} as of {@code snapshot} (0 when none), from the snapshot summary. */
  private static long rowsAt(Table table, Optional<Long> snapshot) {
    if (snapshot.isEmpty()) {
      return 0;
    }
    Map<String, String> summary = table.snapshot(snapshot.get()).summary();
    long records = Long.parseLong(summary.getOrDefault("total-records", "0"));
    long deleted = Long.parseLong(summary.getOrDefault("total-position-deletes", "0"));
    return records - deleted;
  }

  /** Rows of {@code id} matching {@code filter} written by a run of {@code lineage}. */
  private static long count(Catalog catalog, TableIdentifier id, Expression filter,
      Set<String> lineage) {
    return TableRows.read(catalog, id, filter).stream()
        .filter(r -> lineage.contains(r.getField("run_id"))).count();
  }

  /** Per-period totals of STANDARDIZED and CURATED, appended to quality.reconciliation. */
  private static List<Record> periodTotals(Catalog catalog, String topic,
      ReconcileOptions options, boolean balanced, String runId) {
    Expression filter = options.getPeriod() == null ? Expressions.alwaysTrue()
        : Expressions.equal(Envelope.PERIOD_REFERENCE, options.getPeriod());
    Map<String, long[]> counts = new TreeMap<>();
    Map<String, BigDecimal> amounts = new TreeMap<>();
    Table curatedTable = catalog.loadTable(LakehouseTables.curated(topic));
    String amountColumn = curatedTable.schema().findField(options.getAmountColumn()) == null
        ? null : options.getAmountColumn();
    for (Record r : TableRows.read(catalog, LakehouseTables.standardized(topic), filter)) {
      String period = (String) r.getField(Envelope.PERIOD_REFERENCE);
      if (period != null && (options.getPeriod() == null || options.getPeriod().equals(period))) {
        counts.computeIfAbsent(period, k -> new long[2])[0]++;
      }
    }
    for (Record r : TableRows.read(catalog, LakehouseTables.curated(topic), filter)) {
      String period = (String) r.getField(Envelope.PERIOD_REFERENCE);
      if (options.getPeriod() != null && !options.getPeriod().equals(period)) {
        continue;
      }
      counts.computeIfAbsent(period, k -> new long[2])[1]++;
      Object amount = amountColumn == null ? null : r.getField(amountColumn);
      if (amount != null) {
        amounts.merge(period, new BigDecimal(amount.toString()), BigDecimal::add);
      }
    }
    Table quality = LakehouseTables.reconciliationTable(catalog);
    List<Record> rows = new ArrayList<>();
    long now = Timestamps.toMicros(Instant.now());
    for (Map.Entry<String, long[]> e : counts.entrySet()) {
      GenericRecord row = GenericRecord.create(quality.schema());
      row.setField("run_id", runId);
      row.setField("topic_name", topic);
      row.setField("period_reference", e.getKey());
      row.setField("standardized_rows", e.getValue()[0]);
      row.setField("curated_rows", e.getValue()[1]);
      row.setField("amount_column", amountColumn);
      BigDecimal sum = amounts.get(e.getKey());
      row.setField("amount_sum", sum == null ? null : sum.setScale(6));
      row.setField("balanced", balanced);
      row.setField("checked_ts", IcebergValues.timestamp(now));
      rows.add(row);
    }
    if (!rows.isEmpty()) {
      PartitionedFileWriter writer = new PartitionedFileWriter(quality, quality.schema(), runId);
      rows.forEach(writer::write);
      AppendFiles append = quality.newAppend();
      writer.complete().forEach(append::appendFile);
      append.commit();
    }
    return rows;
  }
}
