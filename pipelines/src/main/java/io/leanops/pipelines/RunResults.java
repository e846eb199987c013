package io.leanops.pipelines;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.leanops.io.CatalogConfig;
import io.leanops.io.RunCounts;
import io.leanops.io.RunRecord;
import java.util.Map;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.TableIdentifier;

/** Reading a committed run back, and the one JSON line every command prints. */
final class RunResults {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private RunResults() {}

  /** The record of run {@code runId}, read from the snapshot of {@code table} that committed it. */
  static RunRecord committed(CatalogConfig config, TableIdentifier table, String runId) {
    Table t = config.load().loadTable(table);
    for (Snapshot s : t.snapshots()) {
      if (runId.equals(s.summary().get("leanops.run-id"))
          && s.summary().get("leanops.run-record") != null) {
        return RunRecord.fromJson(s.summary().get("leanops.run-record"));
      }
    }
    throw new IllegalStateException("run " + runId + " left no commit in " + table
        + "; check the logs above for the failure");
  }

  /** The JSON line of a rebuild: the archive suffix and the re-load's counts. */
  static String rebuildLine(String topic, RebuildPipeline.Result result) {
    ObjectNode line = MAPPER.createObjectNode();
    line.put("command", "rebuild").put("topic", topic).put("rebuild_id", result.rebuildId)
        .put("archive_suffix", result.archiveSuffix);
    line.set("standardize", MAPPER.valueToTree(
        result.standardize == null ? Map.of() : result.standardize.counts()));
    line.set("curate", MAPPER.valueToTree(
        result.curate == null ? Map.of() : result.curate.counts()));
    return line.toString();
  }

  /** The JSON line of a command that chose not to run (e.g. a paused topic). */
  static String skippedLine(String command, String topic, String reason) {
    ObjectNode line = MAPPER.createObjectNode();
    line.put("command", command).put("topic", topic).put("skipped", reason);
    return line.toString();
  }

  /** One JSON object with the command, topic, run id and every count. */
  static String jsonLine(String command, String topic, RunRecord record) {
    ObjectNode line = MAPPER.createObjectNode();
    line.put("command", command).put("topic", topic);
    line.put("run_id", record == null ? null : record.runId());
    for (String name : RunCounts.NAMES) {
      line.put(name, record == null ? 0 : record.count(name));
    }
    if (record != null && !record.drift().isEmpty()) {
      var drift = line.putArray("drift");
      record.drift().forEach(d -> {
        ObjectNode n = drift.addObject();
        n.put("period_reference", d.periodReference());
        var cols = n.putArray("drifted_columns");
        d.driftedColumns().forEach(cols::add);
      });
    }
    return line.toString();
  }
}
