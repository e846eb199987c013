package io.leanops.io;

import java.util.HashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.SnapshotUpdate;
import org.apache.iceberg.Table;
import org.apache.iceberg.util.SnapshotUtil;

/**
 * The progress marker a run writes into the summary of the snapshot it commits, in the same commit
 * as its data (SPEC.md §7): run id, stage, topic, the source snapshot range consumed, and the run's
 * record (counts, drift, staged side-table files) as JSON. Reading it back walks the snapshot
 * ancestry from the current snapshot, as Iceberg's Flink committer does with its checkpoint ids.
 */
public final class RunMarker {
  static final String RUN_ID = "leanops.run-id";
  static final String STAGE = "leanops.stage";
  static final String TOPIC = "leanops.topic";
  static final String SOURCE_FROM = "leanops.source-from";
  static final String SOURCE_TO = "leanops.source-to";
  static final String RECORD = "leanops.run-record";

  private final String runId;
  private final String stage;
  private final String topic;
  private final Long sourceFrom;
  private final Long sourceTo;
  private final String record;
  private final Long snapshotId;

  private RunMarker(String runId, String stage, String topic, Long sourceFrom, Long sourceTo,
      String record, Long snapshotId) {
    this.runId = Objects.requireNonNull(runId);
    this.stage = Objects.requireNonNull(stage);
    this.topic = Objects.requireNonNull(topic);
    this.sourceFrom = sourceFrom;
    this.sourceTo = sourceTo;
    this.record = record;
    this.snapshotId = snapshotId;
  }

  /** A marker for a run that consumes source snapshots after {@code from} up to {@code to}. */
  public static RunMarker of(String runId, String stage, String topic, Long from, Long to,
      String record) {
    return new RunMarker(runId, stage, topic, from, to, record, null);
  }

  /** Writes this marker into the summary of the snapshot {@code update} will commit. */
  public <T extends SnapshotUpdate<T>> T applyTo(T update) {
    update.set(RUN_ID, runId).set(STAGE, stage).set(TOPIC, topic);
    if (sourceFrom != null) {
      update.set(SOURCE_FROM, Long.toString(sourceFrom));
    }
    if (sourceTo != null) {
      update.set(SOURCE_TO, Long.toString(sourceTo));
    }
    if (record != null) {
      update.set(RECORD, record);
    }
    return update;
  }

  /** The newest marker of {@code stage} for {@code topic} in {@code table}'s current ancestry. */
  public static Optional<RunMarker> latest(Table table, String stage, String topic) {
    table.refresh();
    Snapshot current = table.currentSnapshot();
    if (current == null) {
      return Optional.empty();
    }
    return latest(current.snapshotId(), table::snapshot, stage, topic);
  }

  /** The newest marker of {@code stage} for {@code topic} in the ancestry of {@code snapshotId}. */
  static Optional<RunMarker> latest(long snapshotId, Function<Long, Snapshot> lookup,
      String stage, String topic) {
    for (Snapshot s : SnapshotUtil.ancestorsOf(snapshotId, lookup)) {
      Map<String, String> summary = s.summary();
      if (stage.equals(summary.get(STAGE)) && topic.equals(summary.get(TOPIC))) {
        return Optional.of(fromSummary(summary, s.snapshotId()));
      }
    }
    return Optional.empty();
  }

  /**
   * The ids of every run whose commit is in {@code table}'s current ancestry: the runs that made
   * the table what it is (after a rebuild, only the new generation's).
   */
  public static Set<String> lineage(Table table) {
    table.refresh();
    Set<String> ids = new HashSet<>();
    Snapshot current = table.currentSnapshot();
    if (current != null) {
      for (Snapshot s : SnapshotUtil.ancestorsOf(current.snapshotId(), table::snapshot)) {
        String id = s.summary().get(RUN_ID);
        if (id != null) {
          ids.add(id);
        }
      }
    }
    return ids;
  }

  /** True when a snapshot of {@code table}'s current ancestry carries {@code runId}. */
  public static boolean committed(Table table, String runId) {
    table.refresh();
    Snapshot current = table.currentSnapshot();
    if (current == null) {
      return false;
    }
    for (Snapshot s : SnapshotUtil.ancestorsOf(current.snapshotId(), table::snapshot)) {
      if (runId.equals(s.summary().get(RUN_ID))) {
        return true;
      }
    }
    return false;
  }

  private static RunMarker fromSummary(Map<String, String> summary, long snapshotId) {
    return new RunMarker(summary.get(RUN_ID), summary.get(STAGE), summary.get(TOPIC),
        parse(summary.get(SOURCE_FROM)), parse(summary.get(SOURCE_TO)), summary.get(RECORD),
        snapshotId);
  }

  private static Long parse(String value) {
    return value == null ? null : Long.parseLong(value);
  }

  public String runId() {
    return runId;
  }

  public String stage() {
    return stage;
  }

  public String topic() {
    return topic;
  }

  /** The last source snapshot consumed before this run (exclusive); null: from the beginning. */
  public Long sourceFrom() {
    return sourceFrom;
  }

  /** The last source snapshot this run consumed; null when the run read no snapshot. */
  public Long sourceTo() {
    return sourceTo;
  }

  /** The run record JSON, or null. */
  public String record() {
    return record;
  }

  /** The snapshot that carries this marker; null for a marker not yet committed. */
  public Long snapshotId() {
    return snapshotId;
  }

  @Override
  public String toString() {
    return stage + " run " + runId + " of " + topic + " (" + sourceFrom + ", " + sourceTo + "]";
  }
}
