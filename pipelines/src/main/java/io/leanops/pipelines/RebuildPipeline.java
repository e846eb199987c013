package io.leanops.pipelines;

import io.leanops.io.CuratedRows;
import io.leanops.io.FaultPoints;
import io.leanops.io.FlowControl;
import io.leanops.io.LakehouseTables;
import io.leanops.io.RunRecord;
import io.leanops.io.SchemaStore;
import io.leanops.schemas.TopicSchema;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.apache.iceberg.HasTableOperations;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableProperties;
import org.apache.iceberg.Transaction;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.TableIdentifier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code leanops rebuild --topic=T} (SPEC.md §6), after a NUCLEAR_RESET: archives STANDARDIZED and
 * CURATED under timestamped names, replaces them with new, empty tables of the active schema,
 * re-standardizes all of RAW and re-curates it, and re-enables the topic — leaving the progress
 * markers so that normal runs continue exactly after.
 *
 * <p>One code path for every catalog: the archive is {@code <namespace>.<topic>_archive_<yyyyMMdd_
 * HHmmss>} registered on the table's current metadata file (a snapshot-exact copy that shares the
 * data files), and the new table is an Iceberg replace-table transaction (new schema, empty current
 * state, history kept — so the archive's files stay referenced; do not expire the pre-rebuild
 * snapshots while the archive is needed). The key index is replaced as well.
 *
 * <p>Resumable: the rebuild's id, phase and archive suffix live in CURATED's table properties and
 * every replaced table is tagged with the rebuild id, so a rebuild killed anywhere and started
 * again finishes the same rebuild; the topic stays PAUSED / REBUILDING until the very end, so it
 * never resumes half-built. Fault points: {@code rebuild.archived}, {@code rebuild.replaced},
 * {@code rebuild.standardized}.
 */
public final class RebuildPipeline {
  public static final String STAGE = "rebuild";
  static final String ID = "leanops.rebuild.id";
  static final String PHASE = "leanops.rebuild.phase";
  static final String SUFFIX = "leanops.rebuild.archive-suffix";
  /** Set on each new (replacement) table: the rebuild that created it. */
  static final String REPLACED_BY = "leanops.rebuild.replaced-by";
  private static final Logger LOG = LoggerFactory.getLogger(RebuildPipeline.class);
  private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd_HHmmss");

  private RebuildPipeline() {}

  /** What a rebuild did. */
  public static final class Result {
    public final String rebuildId;
    public final String archiveSuffix;
    public final RunRecord standardize;
    public final RunRecord curate;

    Result(String rebuildId, String archiveSuffix, RunRecord standardize, RunRecord curate) {
      this.rebuildId = rebuildId;
      this.archiveSuffix = archiveSuffix;
      this.standardize = standardize;
      this.curate = curate;
    }
  }

  public static Result run(CurateOptions options) {
    String topic = LakehouseTables.checkTopic(options.getTopic());
    TopicSchema schema = SchemaStore.at(options.getSchemaStore()).active(topic);
    if (schema == null) {
      throw new IllegalArgumentException("topic '" + topic + "' has no active schema in "
          + options.getSchemaStore() + "; promote the new schema before rebuilding");
    }
    Catalog catalog = LeanopsOptions.catalogConfig(options).load();
    TableIdentifier curatedId = LakehouseTables.curated(topic);
    TableIdentifier stdId = LakehouseTables.standardized(topic);
    Table curated = catalog.tableExists(curatedId)
        ? catalog.loadTable(curatedId) : LakehouseTables.curatedTable(catalog, schema);
    LakehouseTables.standardizedTable(catalog, topic);

    Map<String, String> props = curated.properties();
    String rebuildId = props.get(ID);
    String suffix = props.get(SUFFIX);
    if (rebuildId == null) {
      rebuildId = "rebuild-" + UUID.randomUUID();
      suffix = "archive_" + ZonedDateTime.now(ZoneOffset.UTC).format(STAMP);
      curated.updateProperties().set(ID, rebuildId).set(SUFFIX, suffix).set(PHASE, "ARCHIVING")
          .set(FlowControl.FLOW, FlowControl.Flow.PAUSED.name())
          .set(FlowControl.STATUS, FlowControl.Status.REBUILDING.name()).commit();
      LOG.info("rebuild {} of topic {} started; archive suffix {}", rebuildId, topic, suffix);
    } else {
      LOG.info("resuming rebuild {} of topic {} (phase {})", rebuildId, topic, props.get(PHASE));
    }

    archive(catalog, stdId, suffix, rebuildId);
    archive(catalog, curatedId, suffix, rebuildId);
    FaultPoints.check("rebuild.archived");

    replace(catalog, stdId, LakehouseTables.STANDARDIZED_BASE_SCHEMA,
        PartitionSpec.builderFor(LakehouseTables.STANDARDIZED_BASE_SCHEMA)
            .identity("period_reference").day("publish_time").build(), rebuildId, Map.of());
    Schema curatedSchema = CuratedRows.tableSchema(schema);
    replace(catalog, curatedId, curatedSchema,
        PartitionSpec.builderFor(curatedSchema).identity("period_reference").day("publish_time")
            .build(), rebuildId,
        Map.of(ID, rebuildId, SUFFIX, suffix, PHASE, "RELOADING",
            FlowControl.FLOW, FlowControl.Flow.PAUSED.name(),
            FlowControl.STATUS, FlowControl.Status.REBUILDING.name()));
    replace(catalog, LakehouseTables.keyIndex(topic), LakehouseTables.KEY_INDEX_SCHEMA,
        PartitionSpec.builderFor(LakehouseTables.KEY_INDEX_SCHEMA)
            .bucket("idempotency_key", LakehouseTables.KEY_INDEX_BUCKETS).build(), rebuildId,
        Map.of());
    FaultPoints.check("rebuild.replaced");

    // Re-load with the normal, exactly-once stages: a rerun continues where they stopped.
    RunRecord std = StandardizePipeline.run(options);
    FaultPoints.check("rebuild.standardized");
    RunRecord cur = curateWhilePaused(options);

    Table done = catalog.loadTable(curatedId);
    done.updateProperties().remove(ID).remove(SUFFIX).remove(PHASE)
        .set(FlowControl.FLOW, FlowControl.Flow.ENABLED.name())
        .set(FlowControl.STATUS, FlowControl.Status.READY.name()).commit();
    SchemaStore store = SchemaStore.at(options.getSchemaStore(), options);
    if (store.catchUp(topic) != null) {
      store.clearCatchUp(topic); // the rebuild re-curated everything with the active schema
    }
    LOG.info("rebuild {} of topic {} done", rebuildId, topic);
    return new Result(rebuildId, suffix, std, cur);
  }

  /** Curate ignores the pause that protects the rebuild: the rebuild itself holds it. */
  private static RunRecord curateWhilePaused(CurateOptions options) {
    CuratedMerge merge = CuratedMerge.prepare(options, CuratePipeline.STAGE);
    return CuratePipeline.runMerge(merge);
  }

  private static void archive(Catalog catalog, TableIdentifier id, String suffix,
      String rebuildId) {
    TableIdentifier archiveId = TableIdentifier.of(id.namespace(), id.name() + "_" + suffix);
    if (catalog.tableExists(archiveId)) {
      return;
    }
    Table table = catalog.loadTable(id);
    if (rebuildId.equals(table.properties().get(REPLACED_BY))) {
      return; // already replaced by this rebuild: its archive was registered before
    }
    String metadata = ((HasTableOperations) table).operations().current().metadataFileLocation();
    catalog.registerTable(archiveId, metadata);
    LOG.info("archived {} as {}", id, archiveId);
  }

  private static void replace(Catalog catalog, TableIdentifier id, Schema schema,
      PartitionSpec spec, String rebuildId, Map<String, String> extraProps) {
    if (catalog.tableExists(id)
        && rebuildId.equals(catalog.loadTable(id).properties().get(REPLACED_BY))) {
      return;
    }
    Map<String, String> props = new TreeMap<>(extraProps);
    props.put(REPLACED_BY, rebuildId);
    props.put(TableProperties.FORMAT_VERSION, "2");
    Transaction replace = catalog.newReplaceTableTransaction(id, schema, spec, props, true);
    replace.commitTransaction();
    LOG.info("replaced {} with a new, empty table", id);
  }

}
