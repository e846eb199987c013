package io.leanops.pipelines;

import io.leanops.io.DataFiles;
import io.leanops.io.LiveFile;
import io.leanops.io.RunRecord;
import io.leanops.schemas.Envelope;
import io.leanops.schemas.TopicSchema;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.expressions.Expression;

/**
 * {@code leanops curate}: the STANDARDIZED rows committed since the last curate run → {@code
 * curated.<topic>} (SPEC.md §4), exactly once, with {@code curated.errors}, the key index and one
 * audit row — see {@link CuratedMerge} for the recipe. Runs only for a topic with an active schema
 * whose flow is ENABLED; otherwise it is {@link Skipped}.
 */
public final class CuratePipeline {
  public static final String STAGE = "curate";

  private CuratePipeline() {}

  /** Why curate did not run: not an error (exit 0), a message for the operator. */
  public static final class Skipped extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Skipped(String message) {
      super(message, null, false, false);
    }
  }

  /**
   * Runs curate; returns the committed run record, or null when STANDARDIZED had nothing new.
   *
   * @throws Skipped when the topic has no active schema or is paused
   */
  public static RunRecord run(CurateOptions options) {
    return runMerge(CuratedMerge.prepare(options, STAGE, true));
  }

  /** Merges what STANDARDIZED committed since the last curate run (whatever the flow). */
  static RunRecord runMerge(CuratedMerge merge) {
    Long from = merge.lastConsumed();
    Snapshot stdCurrent = merge.std.currentSnapshot();
    if (stdCurrent == null || stdCurrent.snapshotId() == (from == null ? -1 : from)) {
      return null;
    }
    long to = stdCurrent.snapshotId();
    List<LiveFile> incoming = new ArrayList<>();
    for (String path : DataFiles.appendedBetween(merge.std, from, to)) {
      incoming.add(LiveFile.appendOnly(path));
    }
    Set<String> periods =
        DataFiles.appendedPartitionValues(merge.std, from, to, Envelope.PERIOD_REFERENCE);
    return merge.run(from, to, incoming, periods, false, null);
  }

  /** See {@link CuratedMerge#candidatePartitions}. */
  static Expression candidatePartitions(TopicSchema schema, Set<String> incomingPeriods,
      Set<String> indexedPeriods) {
    return CuratedMerge.candidatePartitions(schema, incomingPeriods, indexedPeriods);
  }
}
