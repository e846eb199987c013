package io.leanops.pipelines;

import io.leanops.io.CatchUpMarker;
import io.leanops.io.DataFiles;
import io.leanops.io.FlowControl;
import io.leanops.io.IcebergValues;
import io.leanops.io.LakehouseTables;
import io.leanops.io.LiveFile;
import io.leanops.io.RunMarker;
import io.leanops.io.RunRecord;
import io.leanops.io.SchemaStore;
import io.leanops.io.TableRows;
import io.leanops.schemas.Envelope;
import io.leanops.schemas.PeriodReference;
import io.leanops.transforms.ErrorType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.expressions.Expression;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.io.CloseableIterable;

/**
 * {@code leanops catchup --topic=T [--periods=2026-01,2026-02 | --fromDriftLog]} (SPEC.md §6);
 * without either, the catch-up a schema promotion requested ({@code catchup.json}: every period
 * for a full catch-up, else the periods with drift since the last catch-up):
 * pauses the topic, re-curates every STANDARDIZED row of the named periods with the active schema
 * — reading only those periods' partitions — merges idempotently (rows curated by an older schema
 * version are refreshed, rows already at the active version are left alone, so a rerun changes
 * nothing), records the held {@code SCHEMA_DRIFT} messages it curated in {@code
 * curated.resolved_errors}, and re-enables the topic. Killed midway, the topic stays paused until
 * the catch-up is run again.
 */
public final class CatchUpPipeline {
  public static final String STAGE = "catchup";

  private CatchUpPipeline() {}

  /** Runs a catch-up; returns its run record, or null when there was nothing to catch up. */
  public static RunRecord run(CatchUpOptions options) {
    CuratedMerge merge = CuratedMerge.prepare(options, STAGE);
    SchemaStore store = SchemaStore.at(options.getSchemaStore(), options);
    CatchUpMarker requested = store.catchUp(merge.topic);
    boolean explicit = options.getPeriods() != null && !options.getPeriods().isBlank();
    Set<String> periods = periods(options, merge, requested);
    if (periods.isEmpty()) {
      clearIfSatisfied(store, merge.topic, requested, explicit);
      return null;
    }
    FlowControl.set(merge.curated, FlowControl.Flow.PAUSED, FlowControl.Status.CATCHING_UP);
    Snapshot stdCurrent = merge.std.currentSnapshot();
    RunRecord record = null;
    if (stdCurrent != null) {
      Expression inPeriods = Expressions.in(Envelope.PERIOD_REFERENCE, periods.toArray());
      List<LiveFile> incoming = DataFiles.live(merge.std, inPeriods);
      record = merge.run(merge.lastConsumed(), stdCurrent.snapshotId(), incoming, periods, true,
          heldMessages(merge.catalog, merge.topic, periods));
    }
    FlowControl.set(merge.curated, FlowControl.Flow.ENABLED, FlowControl.Status.READY);
    clearIfSatisfied(store, merge.topic, requested, explicit);
    return record;
  }

  /**
   * Clears the catch-up a schema promotion requested once a catch-up covered it: any catch-up
   * chosen from the request or the drift log, but not one of hand-picked periods when the
   * request was for every period.
   */
  private static void clearIfSatisfied(SchemaStore store, String topic, CatchUpMarker requested,
      boolean explicitPeriods) {
    if (requested != null && !requested.rebuildRequired()
        && !(explicitPeriods && requested.full())) {
      store.clearCatchUp(topic);
    }
  }

  private static Set<String> periods(CatchUpOptions options, CuratedMerge merge,
      CatchUpMarker requested) {
    Set<String> periods = new TreeSet<>();
    if (options.getPeriods() != null && !options.getPeriods().isBlank()) {
      if (options.getFromDriftLog()) {
        throw new IllegalArgumentException("give either --periods or --fromDriftLog, not both");
      }
      for (String p : options.getPeriods().split(",")) {
        if (!PeriodReference.isValid(p.trim())) {
          throw new IllegalArgumentException("--periods entry '" + p
              + "' is not YYYY-MM with a month between 01 and 12; write e.g. 2026-01,2026-02");
        }
        periods.add(p.trim());
      }
      return periods;
    }
    if (!options.getFromDriftLog()) {
      if (requested == null) {
        throw new IllegalArgumentException("no catch-up was requested by a schema promotion;"
            + " name the periods: --periods=2026-01,2026-02 or --fromDriftLog");
      }
      if (requested.rebuildRequired()) {
        throw new IllegalArgumentException("schema " + requested.toVersion() + " is a"
            + " NUCLEAR_RESET: run 'leanops rebuild --topic=" + merge.topic + "' instead");
      }
      if (requested.full()) {
        // e.g. a type became STRING: every period must be rewritten
        Snapshot current = merge.std.currentSnapshot();
        return current == null ? Set.of() : new TreeSet<>(DataFiles.appendedPartitionValues(
            merge.std, null, current.snapshotId(), Envelope.PERIOD_REFERENCE));
      }
    }
    return driftedPeriodsSinceLastCatchUp(merge);
  }

  /** Periods with drift logged since the last catch-up of the topic started (all, if none). */
  static Set<String> driftedPeriodsSinceLastCatchUp(CuratedMerge merge) {
    Long since = RunMarker.latest(merge.curated, STAGE, merge.topic)
        .map(m -> RunRecord.fromJson(m.record()).startedMicros()).orElse(null);
    Set<String> periods = new TreeSet<>();
    for (Record r : TableRows.read(merge.catalog, LakehouseTables.DRIFT_LOG,
        Expressions.equal("topic_name", merge.topic))) {
      long detected = IcebergValues.micros((OffsetDateTime) r.getField("detected_ts"));
      String period = (String) r.getField("period_reference");
      if (merge.topic.equals(r.getField("topic_name")) && period != null
          && (since == null || detected > since)) {
        periods.add(period);
      }
    }
    return periods;
  }

  /** Message ids of the topic's SCHEMA_DRIFT errors in {@code periods} not yet resolved. */
  private static Set<String> heldMessages(Catalog catalog, String topic, Set<String> periods) {
    Set<String> held = new HashSet<>();
    Expression filter = Expressions.and(Expressions.equal("topic_name", topic),
        Expressions.in("period_reference", periods.toArray()));
    for (Record r : TableRows.read(catalog, LakehouseTables.CURATED_ERRORS, filter)) {
      if (ErrorType.SCHEMA_DRIFT.name().equals(r.getField("error_type"))
          && topic.equals(r.getField("topic_name"))
          && periods.contains(r.getField("period_reference"))) {
        held.add((String) r.getField("message_id"));
      }
    }
    for (Record r : TableRows.read(catalog, LakehouseTables.RESOLVED_ERRORS,
        Expressions.equal("topic_name", topic))) {
      held.remove(r.getField("message_id"));
    }
    return held;
  }



}
