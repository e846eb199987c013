package io.leanops.io;

import java.util.Objects;
import java.util.Optional;
import org.apache.iceberg.BaseOverwriteFiles;
import org.apache.iceberg.DataOperations;
import org.apache.iceberg.HasTableOperations;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableMetadata;
import org.apache.iceberg.exceptions.CleanableFailure;

/**
 * The main-table commit of a run: appends the run's files, and — inside Iceberg's commit, against
 * exactly the table state the new snapshot is built on — verifies that the last run of the stage
 * on the topic consumed up to where this run starts reading. A check made before {@code commit()}
 * is not enough: Iceberg's snapshot producers re-read the table right before they commit, so a run
 * committed in between would have this run applied on top of it (both applied). With {@code
 * commit.retry.num-retries=0} on the main table, a commit by another writer after this validation
 * fails the swap instead ({@code CommitFailedException}).
 *
 * <p>Built on {@link BaseOverwriteFiles} (adding files only, no deletes) because it is Iceberg's
 * public snapshot producer that allows overriding {@code validate}; the snapshot is recorded as an
 * {@code append}, what it is, so incremental append scans of the table still see it.
 */
final class RunAppend extends BaseOverwriteFiles {
  private final RunRecord record;

  RunAppend(Table table, RunRecord record) {
    super(table.name(), operations(table));
    this.record = record;
  }

  private static org.apache.iceberg.TableOperations operations(Table table) {
    if (!(table instanceof HasTableOperations)) {
      throw new IllegalArgumentException("table " + table.name() + " exposes no TableOperations");
    }
    return ((HasTableOperations) table).operations();
  }

  /**
   * Another run of the stage committed since this one planned its source range. A clean failure:
   * Iceberg deletes the manifests this attempt wrote.
   */
  static final class Conflict extends RuntimeException implements CleanableFailure {
    private static final long serialVersionUID = 1L;
    private final String otherRunId;

    Conflict(String otherRunId) {
      super("run " + otherRunId + " committed first");
      this.otherRunId = otherRunId;
    }

    String otherRunId() {
      return otherRunId;
    }
  }

  @Override
  protected String operation() {
    return DataOperations.APPEND;
  }

  @Override
  protected void validate(TableMetadata base, Snapshot parent) {
    super.validate(base, parent);
    checkConsumed(base, parent, record);
  }

  /**
   * Fails with {@link Conflict} unless the last run of {@code record}'s stage on its topic, as of
   * {@code parent}, consumed exactly up to where {@code record} starts reading.
   */
  static void checkConsumed(TableMetadata base, Snapshot parent, RunRecord record) {
    Optional<RunMarker> last =
        parent == null
            ? Optional.empty()
            : RunMarker.latest(parent.snapshotId(), base::snapshot, record.stage(), record.topic());
    Long consumed = last.map(RunMarker::sourceTo).orElse(null);
    if (!Objects.equals(consumed, record.sourceFrom())) {
      throw new Conflict(last.map(RunMarker::runId).orElse("unknown"));
    }
  }
}
