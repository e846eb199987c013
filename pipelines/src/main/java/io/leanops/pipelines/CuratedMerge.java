package io.leanops.pipelines;

import io.leanops.io.CatalogConfig;
import io.leanops.io.CommitRun;
import io.leanops.io.CuratedRows;
import io.leanops.io.DataFiles;
import io.leanops.io.FlowControl;
import io.leanops.io.IcebergValues;
import io.leanops.io.LakehouseTables;
import io.leanops.io.LiveFile;
import io.leanops.io.MainCommit;
import io.leanops.io.ReadDataFiles;
import io.leanops.io.RecordConverter;
import io.leanops.io.RunCommitter;
import io.leanops.io.RunCounts;
import io.leanops.io.RunMarker;
import io.leanops.io.RunRecord;
import io.leanops.io.SchemaStore;
import io.leanops.io.StagedFile;
import io.leanops.io.WriteDataFiles;
import io.leanops.io.WritePositionDeletes;
import io.leanops.schemas.Envelope;
import io.leanops.schemas.PeriodReference;
import io.leanops.schemas.Timestamps;
import io.leanops.schemas.TopicSchema;
import io.leanops.transforms.CdeValidate;
import io.leanops.transforms.CrossPeriodMerge;
import io.leanops.transforms.DedupResult;
import io.leanops.transforms.ErrorType;
import io.leanops.transforms.ExistingRow;
import io.leanops.transforms.FailSafeResult;
import io.leanops.transforms.FlatEvent;
import io.leanops.transforms.LifoDedup;
import io.leanops.transforms.MergeAction;
import io.leanops.transforms.RejectedEvent;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarLongCoder;
import org.apache.beam.sdk.transforms.Count;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.Filter;
import org.apache.beam.sdk.transforms.FlatMapElements;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.View;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.PCollectionView;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.apache.iceberg.Schema;
import org.apache.iceberg.SchemaParser;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.expressions.Expression;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.types.Types;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The merge of STANDARDIZED rows into CURATED shared by curate (the rows committed since the last
 * run) and catch-up (every row of some periods, re-curated with the active schema): {@link
 * CdeValidate} → {@link LifoDedup} → read the live CURATED rows of the candidate partitions only →
 * {@link CrossPeriodMerge} → new rows (cast, pii hashed), position deletes for the replaced rows,
 * key index entries → one validated row-level commit with the side tables ({@link RunCommitter}).
 *
 * <p>Every STANDARDIZED row read is accounted for: read = inserted + updated + skipped_stale +
 * lifo_superseded + cde_errors + held.
 */
final class CuratedMerge {
  private static final Logger LOG = LoggerFactory.getLogger(CuratedMerge.class);

  final String stage;
  final String topic;
  final CatalogConfig config;
  final TopicSchema schema;
  final String salt;
  final Catalog catalog;
  final Table std;
  final Table curated;
  final Table keyIndex;
  private final CurateOptions options;

  private CuratedMerge(CurateOptions options, String stage, TopicSchema schema, String salt,
      boolean respectPause) {
    this.options = options;
    this.stage = stage;
    this.topic = schema.topicName();
    this.config = LeanopsOptions.catalogConfig(options);
    this.schema = schema;
    this.salt = salt;
    this.catalog = config.load();
    this.std = LakehouseTables.standardizedTable(catalog, topic);
    TableIdentifier curatedId = LakehouseTables.curated(topic);
    if (respectPause && catalog.tableExists(curatedId)
        && LakehouseTables.isPaused(catalog.loadTable(curatedId))) {
      // checked before the table is evolved to the active schema: a paused topic may be waiting
      // for a rebuild to a schema its current table cannot take
      Table paused = catalog.loadTable(curatedId);
      throw new CuratePipeline.Skipped("topic '" + topic + "' is PAUSED ("
          + FlowControl.status(paused) + "); resume it with 'leanops resume --topic=" + topic
          + "' or let the running catch-up/rebuild finish");
    }
    this.curated = LakehouseTables.curatedTable(catalog, schema);
    this.keyIndex = LakehouseTables.keyIndexTable(catalog, topic);
    LakehouseTables.curatedErrorsTable(catalog);
    LakehouseTables.resolvedErrorsTable(catalog);
    LakehouseTables.pipelineRunsTable(catalog);
    RunCommitter.recover(catalog, curated, stage, topic);
    std.refresh();
  }

  /**
   * Loads the active schema and the tables of {@code options}' topic and finishes any interrupted
   * run of {@code stage}.
   *
   * @throws CuratePipeline.Skipped when the topic has no active schema
   */
  static CuratedMerge prepare(CurateOptions options, String stage) {
    return prepare(options, stage, false);
  }

  /**
   * As {@link #prepare(CurateOptions, String)}; with {@code respectPause}, a paused topic is
   * {@link CuratePipeline.Skipped} before anything is touched.
   */
  static CuratedMerge prepare(CurateOptions options, String stage, boolean respectPause) {
    String topic = LakehouseTables.checkTopic(options.getTopic());
    TopicSchema schema = SchemaStore.at(options.getSchemaStore()).active(topic);
    if (schema == null) {
      throw new CuratePipeline.Skipped("topic '" + topic + "' has no active schema in "
          + options.getSchemaStore() + "; promote one with 'leanops schema promote' to curate it");
    }
    return new CuratedMerge(options, stage, schema, piiSalt(options, schema), respectPause);
  }

  /** The STANDARDIZED snapshot the last run of this stage consumed up to; null: none yet. */
  Long lastConsumed() {
    return RunMarker.latest(curated, stage, topic).map(RunMarker::sourceTo).orElse(null);
  }

  /**
   * Merges the rows of {@code incoming} (STANDARDIZED files, of {@code periods}) and commits the
   * run as consuming STANDARDIZED snapshots ({@code from}, {@code to}].
   *
   * @param refresh re-curate equally new rows curated by another schema version (catch-up)
   * @param heldIds when not null (catch-up), rejected rows are counted but not written again, and
   *     the held messages among these ids that this run curates are recorded as resolved
   */
  RunRecord run(Long from, long to, List<LiveFile> incoming, Set<String> periods, boolean refresh,
      Set<String> heldIds) {
    Set<String> indexed = schema.lookback().isAll()
        ? DataFiles.indexedPeriods(keyIndex, keysOf(incoming))
        : Set.of();
    Expression candidates = candidatePartitions(schema, periods, indexed);
    curated.refresh();
    Long curatedBase = curated.currentSnapshot() == null ? null
        : curated.currentSnapshot().snapshotId();
    List<LiveFile> candidateFiles = DataFiles.live(curated, candidates);
    LOG.info("{} {}: {} STANDARDIZED file(s) to merge; {} CURATED file(s) in the candidate"
        + " partitions {}", stage, topic, incoming.size(), candidateFiles.size(), candidates);

    String runId = stage + "-" + UUID.randomUUID();
    long started = Timestamps.toMicros(Instant.now());
    Schema curatedSchema = curated.schema();
    TableIdentifier curatedId = LakehouseTables.curated(topic);
    String topicName = topic;

    Pipeline p = Pipeline.create(Runners.configure(options));
    PCollection<FlatEvent> rows =
        p.apply("Read STANDARDIZED", ReadDataFiles.live(config,
            LakehouseTables.standardized(topic), incoming, std.schema(),
            (r, file, pos) -> toFlatEvent(r, topicName, file, pos),
            FlatEvent.FlatEventCoder.of()));
    PCollection<ExistingRow> existing =
        p.apply("Read candidate CURATED rows", ReadDataFiles.live(config, curatedId,
            candidateFiles,
            curatedSchema.select(Envelope.IDEMPOTENCY_KEY, Envelope.PERIOD_REFERENCE,
                Envelope.LAST_UPDATED_TS, CuratedRows.FIRST_SEEN_TS, CuratedRows.SCHEMA_VERSION),
            CuratedMerge::toExistingRow, ExistingRow.ExistingRowCoder.of()));

    FailSafeResult<FlatEvent> validated = rows.apply("Validate", CdeValidate.against(schema));
    DedupResult lifo = validated.output().apply("LIFO dedup", LifoDedup.create());
    CrossPeriodMerge merge = CrossPeriodMerge.into(existing).withLookback(schema.lookback());
    PCollection<MergeAction> plan = lifo.kept().apply("Cross-period merge",
        refresh ? merge.refreshingOtherSchemaVersions(schema.schemaVersion()) : merge);
    PCollection<MergeAction> written =
        plan.apply("Inserts and updates", Filter.by(a -> a.kind() != MergeAction.Kind.SKIP_STALE));

    List<PCollection<StagedFile>> files = new ArrayList<>();
    files.add(written.apply("Write CURATED rows", WriteDataFiles.to(config, curatedId,
        CommitRun.MAIN, PipelineViews.schema(p, "CURATED", curatedSchema),
        curatedRow(schema, started, salt), runId)
        .withShardKey(a -> a.event().periodReference())));
    files.add(plan
        .apply("Replaced rows", FlatMapElements
            .into(TypeDescriptors.kvs(TypeDescriptors.strings(), TypeDescriptors.longs()))
            .via((MergeAction a) -> {
              List<KV<String, Long>> locations = new ArrayList<>();
              if (a.kind() == MergeAction.Kind.UPDATE) {
                a.matches().forEach(m -> locations.add(KV.of(m.dataFile(), m.position())));
              }
              return locations;
            }))
        .setCoder(KvCoder.of(StringUtf8Coder.of(), VarLongCoder.of()))
        .apply("Write position deletes", WritePositionDeletes.of(config, curatedId,
            candidateFiles, CommitRun.MAIN, runId)));
    files.add(written.apply("Maintain key index", WriteDataFiles.to(config,
        LakehouseTables.keyIndex(topic), "keys",
        PipelineViews.schema(p, "key index", LakehouseTables.KEY_INDEX_SCHEMA), CuratedMerge::keyIndexEntry,
        runId)));
    Map<String, TableIdentifier> sideTables = new TreeMap<>();
    sideTables.put("keys", LakehouseTables.keyIndex(topic));
    if (heldIds == null) {
      files.add(validated.failures().apply("Write errors", WriteDataFiles.to(config,
          LakehouseTables.CURATED_ERRORS, "errors",
          PipelineViews.schema(p, "errors", LakehouseTables.CURATED_ERRORS_SCHEMA), curatedError(runId),
          runId)));
      sideTables.put("errors", LakehouseTables.CURATED_ERRORS);
    } else {
      Set<String> held = Set.copyOf(heldIds);
      files.add(written
          .apply("Held messages now curated",
              Filter.by(a -> held.contains(a.event().messageId())))
          .apply("Write resolved errors", WriteDataFiles.to(config,
              LakehouseTables.RESOLVED_ERRORS, "resolved",
              PipelineViews.schema(p, "resolved", LakehouseTables.RESOLVED_ERRORS_SCHEMA),
              resolvedError(runId), runId)));
      sideTables.put("resolved", LakehouseTables.RESOLVED_ERRORS);
    }

    Map<String, PCollectionView<Long>> counts = new TreeMap<>();
    counts.put(RunCounts.READ, PipelineViews.count(rows, RunCounts.READ));
    counts.put(RunCounts.CDE_ERRORS, PipelineViews.count(validated.failures().apply("CDE violations",
        Filter.by(e -> e.errorType() != ErrorType.SCHEMA_DRIFT)), RunCounts.CDE_ERRORS));
    counts.put(RunCounts.HELD, PipelineViews.count(validated.failures().apply("Held drift",
        Filter.by(e -> e.errorType() == ErrorType.SCHEMA_DRIFT)), RunCounts.HELD));
    counts.put(RunCounts.LIFO_SUPERSEDED, PipelineViews.count(lifo.dropped(), RunCounts.LIFO_SUPERSEDED));
    counts.put(RunCounts.INSERTED, countKind(plan, MergeAction.Kind.INSERT, RunCounts.INSERTED));
    counts.put(RunCounts.UPDATED, countKind(plan, MergeAction.Kind.UPDATE, RunCounts.UPDATED));
    counts.put(RunCounts.SKIPPED_STALE,
        countKind(plan, MergeAction.Kind.SKIP_STALE, RunCounts.SKIPPED_STALE));
    counts.put(RunCounts.WRITTEN, PipelineViews.count(written, RunCounts.WRITTEN));

    RunRecord planRecord = new RunRecord(runId, stage, topic, from, to, started, started,
        Map.of(), List.of(), Map.of());
    PCollectionList.of(files)
        .apply("All files", Flatten.pCollections())
        .apply("Commit", CommitRun.of(config, planRecord, curatedId, sideTables, counts, null)
            .withValidation(MainCommit.Validation.since(curatedBase, candidates)));
    p.run().waitUntilFinish();
    return RunResults.committed(config, curatedId, runId);
  }

  private Set<String> keysOf(List<LiveFile> incoming) {
    List<String> paths = new ArrayList<>();
    incoming.forEach(f -> paths.add(f.path()));
    return DataFiles.distinctValues(std.io(), paths, std.schema(), Envelope.IDEMPOTENCY_KEY);
  }

  /**
   * The CURATED partitions where originals of the incoming rows may lie: each valid incoming
   * period ±{@code lookback_months}; for {@code "all"}, the incoming periods plus the periods the
   * key index lists for the batch's keys ({@code indexedPeriods}) — so the cost follows the keys
   * touched, not the number of periods in the table.
   */
  static Expression candidatePartitions(TopicSchema schema, Set<String> incomingPeriods,
      Set<String> indexedPeriods) {
    Set<String> periods = new TreeSet<>();
    int k = schema.lookback().isAll() ? 0 : schema.lookback().months();
    for (String period : incomingPeriods) {
      if (PeriodReference.isValid(period)) {
        for (int d = -k; d <= k; d++) {
          periods.add(PeriodReference.plusMonths(period, d));
        }
      }
    }
    if (schema.lookback().isAll()) {
      periods.addAll(indexedPeriods);
    }
    return periods.isEmpty() ? Expressions.alwaysFalse()
        : Expressions.in(Envelope.PERIOD_REFERENCE, periods.toArray());
  }

  private static String piiSalt(CurateOptions options, TopicSchema schema) {
    String salt = options.getPiiSalt();
    if (salt == null || salt.isEmpty()) {
      salt = System.getenv().getOrDefault("LEANOPS_PII_SALT", "");
    }
    boolean hasPii = schema.columns().stream().anyMatch(c -> c.pii());
    if (hasPii && salt.isEmpty()) {
      throw new IllegalArgumentException("topic '" + schema.topicName()
          + "' has pii columns: set --piiSalt or the LEANOPS_PII_SALT environment variable");
    }
    return salt;
  }

  static FlatEvent toFlatEvent(Record r, String topic, String file, long position) {
    Map<String, String> columns = new TreeMap<>();
    long ingestion = 0;
    for (Types.NestedField f : r.struct().fields()) {
      Object v = r.getField(f.name());
      if (v == null) {
        continue;
      }
      if (f.name().equals(Envelope.INGESTION_TS)) {
        ingestion = IcebergValues.micros((OffsetDateTime) v);
      } else if (v instanceof OffsetDateTime) {
        columns.put(f.name(), ((OffsetDateTime) v).toInstant().toString());
      } else {
        columns.put(f.name(), v.toString());
      }
    }
    return FlatEvent.of((String) r.getField(Envelope.MESSAGE_ID), topic, ingestion, file, position,
        columns);
  }

  static ExistingRow toExistingRow(Record r, String file, long position) {
    Object updated = r.getField(Envelope.LAST_UPDATED_TS);
    Long updatedMicros =
        updated instanceof OffsetDateTime ? IcebergValues.micros((OffsetDateTime) updated)
            : updated == null ? null
            : toMicrosOrNull(Timestamps.parseOrNull(updated.toString()));
    OffsetDateTime firstSeen = (OffsetDateTime) r.getField(CuratedRows.FIRST_SEEN_TS);
    return ExistingRow.of((String) r.getField(Envelope.IDEMPOTENCY_KEY),
        (String) r.getField(Envelope.PERIOD_REFERENCE), updatedMicros,
        firstSeen == null ? null : IcebergValues.micros(firstSeen), file, position)
        .withSchemaVersion((String) r.getField(CuratedRows.SCHEMA_VERSION));
  }

  private static Long toMicrosOrNull(Instant instant) {
    return instant == null ? null : Timestamps.toMicros(instant);
  }

  private static RecordConverter<MergeAction> curatedRow(TopicSchema schema, long runStarted,
      String salt) {
    return (a, tableSchema) -> CuratedRows.toRecord(a.event(), schema, tableSchema,
        a.firstSeenTsMicros() != null ? a.firstSeenTsMicros() : runStarted, salt);
  }

  private static Record keyIndexEntry(MergeAction a, Schema schema) {
    Record r = GenericRecord.create(schema);
    r.setField(Envelope.IDEMPOTENCY_KEY, a.event().idempotencyKey());
    r.setField(Envelope.PERIOD_REFERENCE, a.event().periodReference());
    return r;
  }

  private static RecordConverter<RejectedEvent> curatedError(String runId) {
    return (e, schema) -> {
      Record r = GenericRecord.create(schema);
      r.setField("topic_name", e.topicName());
      r.setField("message_id", e.messageId());
      r.setField("idempotency_key", e.idempotencyKey());
      r.setField("period_reference", e.periodReference());
      r.setField("error_type", e.errorType().name());
      r.setField("violations", e.violations());
      r.setField("row_json", e.payload());
      r.setField("run_id", runId);
      return r;
    };
  }

  private static RecordConverter<MergeAction> resolvedError(String runId) {
    return (a, schema) -> {
      Record r = GenericRecord.create(schema);
      r.setField("topic_name", a.event().topicName());
      r.setField("message_id", a.event().messageId());
      r.setField("error_type", ErrorType.SCHEMA_DRIFT.name());
      r.setField("period_reference", a.event().periodReference());
      r.setField("resolved_by_run", runId);
      return r;
    };
  }

  private static PCollectionView<Long> countKind(PCollection<MergeAction> plan,
      MergeAction.Kind kind, String name) {
    return PipelineViews.count(plan.apply("Only " + name, Filter.by(a -> a.kind() == kind)), name);
  }
}
