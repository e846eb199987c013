package io.leanops.pipelines;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.leanops.io.FlowControl;
import io.leanops.io.LakehouseTables;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.TableIdentifier;

/** {@code leanops pause | resume | status --topic=T}: a topic's flow control (SPEC.md §5). */
final class FlowCommands {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private FlowCommands() {}

  /** Runs {@code command}; returns the JSON line with the topic's flow and status after it. */
  static String run(String command, LeanopsOptions options) {
    String topic = LakehouseTables.checkTopic(options.getTopic());
    Catalog catalog = LeanopsOptions.catalogConfig(options).load();
    TableIdentifier id = LakehouseTables.curated(topic);
    if (!catalog.tableExists(id)) {
      throw new IllegalArgumentException("topic '" + topic + "' has no CURATED table yet"
          + " (it is created by the first curate run after a schema is promoted)");
    }
    Table curated = catalog.loadTable(id);
    if (command.equals("pause")) {
      FlowControl.set(curated, FlowControl.Flow.PAUSED, FlowControl.status(curated));
    } else if (command.equals("resume")) {
      FlowControl.set(curated, FlowControl.Flow.ENABLED, FlowControl.Status.READY);
    }
    curated.refresh();
    ObjectNode line = MAPPER.createObjectNode();
    line.put("command", command).put("topic", topic)
        .put("flow", FlowControl.flow(curated).name())
        .put("status", FlowControl.status(curated).name());
    return line.toString();
  }
}
