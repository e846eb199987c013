package io.leanops.pipelines;

import io.leanops.io.CatalogConfig;
import io.leanops.io.CommitRun;
import io.leanops.io.CuratedRows;
import io.leanops.io.DataFiles;
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
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.expressions.Expression;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.types.Types;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code leanops curate}: the STANDARDIZED rows committed since the last curate run → {@code
 * curated.<topic>} (SPEC.md §4), exactly once, with {@code curated.errors} and one audit row.
 *
 * <p>Recipe: read the new STANDARDIZED files → {@link CdeValidate} (violations and held drift →
 * errors) → {@link LifoDedup} → read the live CURATED rows of the candidate partitions only (the
 * incoming periods ±{@code lookback_months}, found from file metadata before any data is read) →
 * {@link CrossPeriodMerge} → write the inserted and updated rows (cast, pii hashed) and position
 * deletes for the replaced rows → one validated row-level commit. Every STANDARDIZED row read is
 * accounted for: read = inserted + updated + skipped_stale + lifo_superseded + cde_errors + held.
 */
public final class CuratePipeline {
  public static final String STAGE = "curate";
  private static final Logger LOG = LoggerFactory.getLogger(CuratePipeline.class);

  private CuratePipeline() {}

  /** Why curate did not run, or null when it ran (see {@link #run}). */
  public static final class Skipped extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Skipped(String message) {
      super(message, null, false, false);
    }
  }

  /**
   * Runs curate; returns the committed run record, or null when STANDARDIZED had nothing new.
   *
   * @throws Skipped when the topic has no active schema or is paused (not an error: exit 0)
   */
  public static RunRecord run(CurateOptions options) {
    String topic = LakehouseTables.checkTopic(options.getTopic());
    CatalogConfig config = LeanopsOptions.catalogConfig(options);
    TopicSchema schema = SchemaStore.at(options.getSchemaStore()).active(topic);
    if (schema == null) {
      throw new Skipped("topic '" + topic + "' has no active schema in "
          + options.getSchemaStore() + "; promote one with 'leanops schema promote' to curate it");
    }
    String salt = piiSalt(options, schema);
    Catalog catalog = config.load();
    Table std = LakehouseTables.standardizedTable(catalog, topic);
    Table curated = LakehouseTables.curatedTable(catalog, schema);
    LakehouseTables.curatedErrorsTable(catalog);
    Table keyIndex = LakehouseTables.keyIndexTable(catalog, topic);
    LakehouseTables.pipelineRunsTable(catalog);
    if (LakehouseTables.isPaused(curated)) {
      throw new Skipped("topic '" + topic + "' is PAUSED; resume it with 'leanops resume'");
    }
    RunCommitter.recover(catalog, curated, STAGE, topic);

    Long from = RunMarker.latest(curated, STAGE, topic).map(RunMarker::sourceTo).orElse(null);
    std.refresh();
    Snapshot stdCurrent = std.currentSnapshot();
    if (stdCurrent == null || stdCurrent.snapshotId() == (from == null ? -1 : from)) {
      return null;
    }
    long to = stdCurrent.snapshotId();
    List<String> incomingFiles = DataFiles.appendedBetween(std, from, to);
    Set<String> incomingPeriods =
        DataFiles.appendedPartitionValues(std, from, to, Envelope.PERIOD_REFERENCE);
    Set<String> indexed = schema.lookback().isAll()
        ? DataFiles.indexedPeriods(keyIndex, DataFiles.distinctValues(std.io(), incomingFiles,
            std.schema(), Envelope.IDEMPOTENCY_KEY))
        : Set.of();
    Expression candidates = candidatePartitions(schema, incomingPeriods, indexed);
    curated.refresh();
    Long curatedBase = curated.currentSnapshot() == null ? null
        : curated.currentSnapshot().snapshotId();
    List<LiveFile> candidateFiles = DataFiles.live(curated, candidates);
    LOG.info("curate {}: {} new STANDARDIZED file(s); {} CURATED file(s) in the candidate"
        + " partitions {}", topic, incomingFiles.size(), candidateFiles.size(), candidates);

    String runId = "curate-" + UUID.randomUUID();
    long started = Timestamps.toMicros(Instant.now());
    Schema stdSchema = std.schema();
    Schema curatedSchema = curated.schema();

    Pipeline p = Pipeline.create(Runners.configure(options));
    PCollection<FlatEvent> incoming =
        p.apply("Read new STANDARDIZED", ReadDataFiles.of(config,
            LakehouseTables.standardized(topic), incomingFiles, stdSchema,
            (r, file, pos) -> toFlatEvent(r, topic, file, pos), FlatEvent.FlatEventCoder.of()));
    PCollection<ExistingRow> existing =
        p.apply("Read candidate CURATED rows", ReadDataFiles.live(config,
            LakehouseTables.curated(topic), candidateFiles,
            curatedSchema.select(Envelope.IDEMPOTENCY_KEY, Envelope.PERIOD_REFERENCE,
                Envelope.LAST_UPDATED_TS, CuratedRows.FIRST_SEEN_TS),
            CuratePipeline::toExistingRow, ExistingRow.ExistingRowCoder.of()));

    FailSafeResult<FlatEvent> validated = incoming.apply("Validate", CdeValidate.against(schema));
    DedupResult lifo = validated.output().apply("LIFO dedup", LifoDedup.create());
    PCollection<MergeAction> plan =
        lifo.kept().apply("Cross-period merge",
            CrossPeriodMerge.into(existing).withLookback(schema.lookback()));

    PCollectionView<String> curatedSchemaView = schemaView(p, "CURATED", curatedSchema);
    PCollection<StagedFile> rows =
        plan.apply("Inserts and updates", Filter.by(a -> a.kind() != MergeAction.Kind.SKIP_STALE))
            .apply("Write CURATED rows", WriteDataFiles.to(config, LakehouseTables.curated(topic),
                CommitRun.MAIN, curatedSchemaView, curatedRow(schema, started, salt), runId));
    PCollection<StagedFile> deletes =
        plan.apply("Replaced rows", FlatMapElements
                .into(TypeDescriptors.kvs(TypeDescriptors.strings(), TypeDescriptors.longs()))
                .via((MergeAction a) -> {
                  List<KV<String, Long>> locations = new ArrayList<>();
                  if (a.kind() == MergeAction.Kind.UPDATE) {
                    a.matches().forEach(m -> locations.add(KV.of(m.dataFile(), m.position())));
                  }
                  return locations;
                }))
            .setCoder(KvCoder.of(StringUtf8Coder.of(), VarLongCoder.of()))
            .apply("Write position deletes", WritePositionDeletes.of(config,
                LakehouseTables.curated(topic), candidateFiles, CommitRun.MAIN, runId));
    PCollection<StagedFile> keys =
        plan.apply("Keys written", Filter.by(a -> a.kind() != MergeAction.Kind.SKIP_STALE))
            .apply("Maintain key index", WriteDataFiles.to(config, LakehouseTables.keyIndex(topic),
                "keys", schemaView(p, "key index", LakehouseTables.KEY_INDEX_SCHEMA),
                CuratePipeline::keyIndexEntry, runId));
    PCollection<StagedFile> errors =
        validated.failures().apply("Write errors", WriteDataFiles.to(config,
            LakehouseTables.CURATED_ERRORS, "errors",
            schemaView(p, "errors", LakehouseTables.CURATED_ERRORS_SCHEMA), curatedError(runId),
            runId));

    Map<String, PCollectionView<Long>> counts = new TreeMap<>();
    counts.put(RunCounts.READ, count(incoming, RunCounts.READ));
    counts.put(RunCounts.CDE_ERRORS, count(validated.failures().apply("CDE violations",
        Filter.by(e -> e.errorType() != ErrorType.SCHEMA_DRIFT)), RunCounts.CDE_ERRORS));
    counts.put(RunCounts.HELD, count(validated.failures().apply("Held drift",
        Filter.by(e -> e.errorType() == ErrorType.SCHEMA_DRIFT)), RunCounts.HELD));
    counts.put(RunCounts.LIFO_SUPERSEDED, count(lifo.dropped(), RunCounts.LIFO_SUPERSEDED));
    counts.put(RunCounts.INSERTED, countKind(plan, MergeAction.Kind.INSERT, RunCounts.INSERTED));
    counts.put(RunCounts.UPDATED, countKind(plan, MergeAction.Kind.UPDATE, RunCounts.UPDATED));
    counts.put(RunCounts.SKIPPED_STALE,
        countKind(plan, MergeAction.Kind.SKIP_STALE, RunCounts.SKIPPED_STALE));
    counts.put(RunCounts.WRITTEN, count(plan.apply("Written",
        Filter.by(a -> a.kind() != MergeAction.Kind.SKIP_STALE)), RunCounts.WRITTEN));

    RunRecord planRecord = new RunRecord(runId, STAGE, topic, from, to, started, started,
        Map.of(), List.of(), Map.of());
    PCollectionList.of(rows).and(deletes).and(errors).and(keys)
        .apply("All files", Flatten.pCollections())
        .apply("Commit", CommitRun.of(config, planRecord, LakehouseTables.curated(topic),
                Map.of("errors", LakehouseTables.CURATED_ERRORS,
                    "keys", LakehouseTables.keyIndex(topic)), counts, null)
            .withValidation(MainCommit.Validation.since(curatedBase, candidates)));
    p.run().waitUntilFinish();
    return RunResults.committed(config, LakehouseTables.curated(topic), runId);
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

  private static FlatEvent toFlatEvent(Record r, String topic, String file, long position) {
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

  private static ExistingRow toExistingRow(Record r, String file, long position) {
    Object updated = r.getField(Envelope.LAST_UPDATED_TS);
    Long updatedMicros =
        updated instanceof OffsetDateTime ? IcebergValues.micros((OffsetDateTime) updated)
            : updated == null ? null
            : toMicrosOrNull(Timestamps.parseOrNull(updated.toString()));
    OffsetDateTime firstSeen = (OffsetDateTime) r.getField(CuratedRows.FIRST_SEEN_TS);
    return ExistingRow.of((String) r.getField(Envelope.IDEMPOTENCY_KEY),
        (String) r.getField(Envelope.PERIOD_REFERENCE), updatedMicros,
        firstSeen == null ? null : IcebergValues.micros(firstSeen), file, position);
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

  private static PCollectionView<String> schemaView(Pipeline p, String name, Schema schema) {
    return p.apply(name + " schema", Create.of(SchemaParser.toJson(schema))
            .withCoder(StringUtf8Coder.of()))
        .apply(name + " schema view", View.asSingleton());
  }

  private static <T> PCollectionView<Long> count(PCollection<T> items, String name) {
    return items.apply("Count " + name, Count.globally())
        .apply("View " + name, View.asSingleton());
  }

  private static PCollectionView<Long> countKind(PCollection<MergeAction> plan,
      MergeAction.Kind kind, String name) {
    return count(plan.apply("Only " + name, Filter.by(a -> a.kind() == kind)), name);
  }
}
