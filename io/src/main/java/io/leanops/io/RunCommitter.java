package io.leanops.io;

import io.leanops.schemas.Timestamps;
import io.leanops.transforms.DriftEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.apache.iceberg.AppendFiles;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.RowDelta;
import org.apache.iceberg.ValidatedRowDelta;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.exceptions.CommitFailedException;
import org.apache.iceberg.exceptions.ValidationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Commits a run exactly once across its tables (SPEC.md §7).
 *
 * <p>The main table's commit is the run's single point of decision: it carries the run's data, its
 * progress marker and its whole {@link RunRecord} in the snapshot summary, and it is made only if
 * no other run of the stage consumed anything since this run started (else {@link
 * ConcurrentRunException}, nothing applied). The side tables — staged error files, drift rows, the
 * audit row — are then committed one by one, each skipped when a snapshot with the run id is
 * already there. A run killed between any two commits is finished by {@link #recover} at the start
 * of the next run, so the tables end exactly as after an uninterrupted run.
 *
 * <p>Commit points (for {@link FaultPoints}): {@code <stage>.main}, then {@code
 * <stage>.<namespace>.<table>} for each staged side table (in identifier order), {@code
 * <stage>.drift_log}, {@code <stage>.audit}.
 */
public final class RunCommitter {
  private static final Logger LOG = LoggerFactory.getLogger(RunCommitter.class);

  private RunCommitter() {}

  /**
   * Commits {@code files} to {@code main} with {@code record}'s marker, then the side tables.
   *
   * @throws ConcurrentRunException when another run of the stage committed since this one began
   */
  public static void commit(Catalog catalog, Table main, MainCommit commit, RunRecord record) {
    Optional<RunMarker> last = RunMarker.latest(main, record.stage(), record.topic());
    boolean alreadyCommitted = last.isPresent() && last.get().runId().equals(record.runId());
    if (!alreadyCommitted) {
      Long consumed = last.map(RunMarker::sourceTo).orElse(null);
      if (!Objects.equals(consumed, record.sourceFrom())) {
        throw concurrent(record, last.map(RunMarker::runId).orElse("unknown"), null);
      }
      // The check above names the winner early; the same check inside the commit (RunAppend,
      // ValidatedRowDelta) is the one that counts: Iceberg re-reads the table before it commits.
      try {
        if (commit.isRowLevel()) {
          commitRowDelta(main, commit, record);
        } else {
          RunAppend append = new RunAppend(main, record);
          commit.dataFiles().forEach(append::addFile);
          record.marker().applyTo(append).commit();
        }
      } catch (RunAppend.Conflict e) {
        throw concurrent(record, e.otherRunId(), null);
      } catch (CommitFailedException | ValidationException e) {
        throw concurrent(record, "another writer", e);
      }
      LOG.info("{} committed {} data file(s) and {} delete file(s) to {}", record.runId(),
          commit.dataFiles().size(), commit.deleteFiles().size(), main.name());
    }
    FaultPoints.check(record.stage() + ".main");
    // Replay from the committed record, not this attempt's: a retried attempt must finish what
    // the successful one decided.
    recover(catalog, main, record.stage(), record.topic());
  }

  /**
   * New rows and position deletes in one atomic {@code RowDelta} that Iceberg validates against
   * everything committed since the run planned: no conflicting data or deletes in the candidate
   * partitions, and every data file whose rows are deleted still exists.
   */
  private static void commitRowDelta(Table main, MainCommit commit, RunRecord record) {
    RowDelta delta = new ValidatedRowDelta(main, (base, parent) -> RunAppend.checkConsumed(
        base, parent, record));
    commit.dataFiles().forEach(delta::addRows);
    commit.deleteFiles().forEach(delta::addDeletes);
    MainCommit.Validation v = commit.validation();
    if (v.baseSnapshotId() != null && v.baseSnapshotId() >= 0) {
      delta.validateFromSnapshot(v.baseSnapshotId());
    }
    if (v.conflictFilter() != null) {
      delta.conflictDetectionFilter(v.conflictFilter());
    }
    delta.validateDataFilesExist(new ArrayList<CharSequence>(commit.referencedDataFiles())).validateDeletedFiles()
        .validateNoConflictingDataFiles().validateNoConflictingDeleteFiles();
    record.marker().applyTo(delta).commit();
  }

  /**
   * Finishes the side-table commits of the last run recorded in {@code main}, if a crash left any
   * undone. Idempotent; a no-op when nothing is missing.
   */
  public static void recover(Catalog catalog, Table main, String stage, String topic) {
    Optional<RunMarker> last = RunMarker.latest(main, stage, topic);
    if (last.isPresent() && last.get().record() != null) {
      replaySideCommits(catalog, RunRecord.fromJson(last.get().record()), last.get().snapshotId());
    }
  }

  private static void replaySideCommits(Catalog catalog, RunRecord record, long mainSnapshotId) {
    for (Map.Entry<String, String> staged : record.staged().entrySet()) {
      TableIdentifier id = TableIdentifier.parse(staged.getKey());
      Table table = catalog.loadTable(id);
      if (!RunMarker.committed(table, record.runId())) {
        List<DataFile> files = DataFiles.loadStaged(table.io(), staged.getValue());
        AppendFiles append = table.newAppend();
        files.forEach(append::appendFile);
        record.marker().applyTo(append).commit();
      }
      FaultPoints.check(record.stage() + "." + id);
    }
    if (!record.drift().isEmpty()) {
      Table driftLog = LakehouseTables.driftLogTable(catalog);
      if (!RunMarker.committed(driftLog, record.runId())) {
        List<Record> rows = new ArrayList<>();
        for (DriftEvent e : record.drift()) {
          GenericRecord r = GenericRecord.create(driftLog.schema());
          r.setField("detected_ts", IcebergValues.timestamp(record.finishedMicros()));
          r.setField("topic_name", record.topic());
          r.setField("period_reference", e.periodReference());
          r.setField("message_id", e.firstMessageId());
          r.setField("drifted_columns", e.driftedColumns());
          r.setField("snapshot_id", mainSnapshotId);
          r.setField("layer", LakehouseTables.STANDARDIZED);
          r.setField("run_id", record.runId());
          rows.add(r);
        }
        appendRows(driftLog, rows, record);
      }
      FaultPoints.check(record.stage() + ".drift_log");
    }
    Table runs = LakehouseTables.pipelineRunsTable(catalog);
    if (!RunMarker.committed(runs, record.runId())) {
      GenericRecord r = GenericRecord.create(runs.schema());
      r.setField("run_id", record.runId());
      r.setField("stage", record.stage());
      r.setField("topic_name", record.topic());
      r.setField("source_from_snapshot", record.sourceFrom());
      r.setField("source_to_snapshot", record.sourceTo());
      for (String count : RunCounts.NAMES) {
        r.setField(count, record.count(count));
      }
      r.setField("started_ts", IcebergValues.timestamp(record.startedMicros()));
      r.setField("finished_ts", IcebergValues.timestamp(record.finishedMicros()));
      appendRows(runs, List.of(r), record);
    }
    FaultPoints.check(record.stage() + ".audit");
  }

  private static void appendRows(Table table, List<Record> rows, RunRecord record) {
    PartitionedFileWriter writer =
        new PartitionedFileWriter(table, table.schema(), record.runId() + "-side");
    rows.forEach(writer::write);
    AppendFiles append = table.newAppend();
    writer.complete().forEach(append::appendFile);
    record.marker().applyTo(append).commit();
  }

  private static ConcurrentRunException concurrent(RunRecord record, String other,
      Throwable cause) {
    return new ConcurrentRunException("another " + record.stage() + " run (" + other
        + ") on topic '" + record.topic() + "' committed while run " + record.runId()
        + " was working; this run applied nothing. Start it again to process what is left.",
        cause);
  }

}
