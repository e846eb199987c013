package io.leanops.pipelines;

import io.leanops.io.CatalogConfig;
import io.leanops.io.CommitRun;
import io.leanops.io.DataFiles;
import io.leanops.io.IcebergValues;
import io.leanops.io.LakehouseTables;
import io.leanops.io.ReadDataFiles;
import io.leanops.io.RunCommitter;
import io.leanops.io.RunCounts;
import io.leanops.io.RunMarker;
import io.leanops.io.RunRecord;
import io.leanops.io.SchemaStore;
import io.leanops.io.StagedFile;
import io.leanops.io.WriteDataFiles;
import io.leanops.schemas.Envelope;
import io.leanops.schemas.TopicSchema;
import io.leanops.schemas.Timestamps;
import io.leanops.transforms.DedupResult;
import io.leanops.transforms.DriftDetect;
import io.leanops.transforms.DriftEvent;
import io.leanops.transforms.FailSafeResult;
import io.leanops.transforms.FifoDedup;
import io.leanops.transforms.FlatEvent;
import io.leanops.transforms.FlattenPayload;
import io.leanops.transforms.LifoDedup;
import io.leanops.transforms.RawEvent;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.CoderRegistry;
import org.apache.beam.sdk.coders.ListCoder;
import org.apache.beam.sdk.coders.SetCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarIntCoder;
import org.apache.beam.sdk.transforms.Count;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.Combine;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.View;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.PCollectionView;
import org.apache.iceberg.Schema;
import org.apache.iceberg.SchemaParser;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.TableIdentifier;

/**
 * {@code leanops standardize}: the RAW snapshots committed since the last run → {@code
 * standardized.<topic>} (SPEC.md §3), with {@code parse_errors}, {@code drift_log} and one {@code
 * audit.pipeline_runs} row, exactly once across all of them ({@link RunCommitter}).
 *
 * <p>Recipe: read the new RAW files → {@link FlattenPayload} → {@link FifoDedup} (also against
 * every message id already in STANDARDIZED) → {@link LifoDedup} within the batch → {@link
 * DriftDetect} against the active schema → add new columns as nullable STRING → write → commit.
 * Every RAW row read is accounted for: read = written + parse_errors + fifo_duplicates +
 * lifo_superseded.
 */
public final class StandardizePipeline {
  public static final String STAGE = "standardize";

  private StandardizePipeline() {}

  /** Runs standardize; returns the committed run record, or null when RAW had nothing new. */
  public static RunRecord run(LeanopsOptions options) {
    String topic = LakehouseTables.checkTopic(options.getTopic());
    CatalogConfig config = LeanopsOptions.catalogConfig(options);
    Catalog catalog = config.load();
    Table raw = LakehouseTables.rawTable(catalog, topic);
    Table std = LakehouseTables.standardizedTable(catalog, topic);
    Table parseErrors = LakehouseTables.parseErrorsTable(catalog);
    LakehouseTables.driftLogTable(catalog);
    LakehouseTables.pipelineRunsTable(catalog);
    RunCommitter.recover(catalog, std, STAGE, topic);

    Long from = RunMarker.latest(std, STAGE, topic).map(RunMarker::sourceTo).orElse(null);
    raw.refresh();
    Snapshot rawCurrent = raw.currentSnapshot();
    if (rawCurrent == null || rawCurrent.snapshotId() == (from == null ? -1 : from)) {
      return null;
    }
    long to = rawCurrent.snapshotId();
    List<String> rawFiles = DataFiles.appendedBetween(raw, from, to);
    List<String> storedFiles = DataFiles.current(std);
    TopicSchema active = SchemaStore.at(options.getSchemaStore()).active(topic);
    String runId = "standardize-" + UUID.randomUUID();
    long started = Timestamps.toMicros(Instant.now());

    Pipeline p = Pipeline.create(Runners.configure(options));
    PCollection<RawEvent> rawEvents =
        p.apply("Read new RAW", ReadDataFiles.of(config, LakehouseTables.raw(topic), rawFiles,
            LakehouseTables.RAW_SCHEMA.select("message_id", "ingestion_ts", "json_payload",
                "source_uri", "source_line"),
            (r, file, pos) -> toRawEvent(r, topic, file, pos), RawEvent.RawEventCoder.of()));
    PCollection<String> storedIds =
        p.apply("Read stored message ids", ReadDataFiles.of(config,
            LakehouseTables.standardized(topic), storedFiles,
            LakehouseTables.STANDARDIZED_BASE_SCHEMA.select(Envelope.MESSAGE_ID),
            (r, file, pos) -> (String) r.getField(Envelope.MESSAGE_ID), StringUtf8Coder.of()));

    FailSafeResult<FlatEvent> flat = rawEvents.apply("Flatten", FlattenPayload.create());
    DedupResult fifo = flat.output().apply("FIFO dedup", FifoDedup.create().againstStored(storedIds));
    DedupResult lifo = fifo.kept().apply("LIFO dedup", LifoDedup.create());
    PCollection<DriftEvent> drift = lifo.kept().apply("Detect drift", DriftDetect.against(active));

    PCollectionView<String> stdSchema = evolvedSchema(p, config, topic, lifo.kept());
    PCollectionView<String> errorSchema =
        PipelineViews.schema(p, "Parse error", parseErrors.schema());
    PCollection<StagedFile> mainFiles =
        lifo.kept().apply("Write STANDARDIZED", WriteDataFiles.to(config,
            LakehouseTables.standardized(topic), CommitRun.MAIN, stdSchema,
            StandardizedRecords.standardized(), runId)
            .withShardKey(FlatEvent::periodReference));
    PCollection<StagedFile> errorFiles =
        flat.failures().apply("Write parse errors", WriteDataFiles.to(config,
            LakehouseTables.PARSE_ERRORS, "parse_errors", errorSchema,
            StandardizedRecords.parseError(runId), runId));

    Map<String, PCollectionView<Long>> counts = new TreeMap<>();
    counts.put(RunCounts.READ, PipelineViews.count(rawEvents, RunCounts.READ));
    counts.put(RunCounts.WRITTEN, PipelineViews.count(lifo.kept(), RunCounts.WRITTEN));
    counts.put(RunCounts.PARSE_ERRORS, PipelineViews.count(flat.failures(), RunCounts.PARSE_ERRORS));
    counts.put(RunCounts.FIFO_DUPLICATES, PipelineViews.count(fifo.dropped(), RunCounts.FIFO_DUPLICATES));
    counts.put(RunCounts.LIFO_SUPERSEDED, PipelineViews.count(lifo.dropped(), RunCounts.LIFO_SUPERSEDED));

    RunRecord plan = new RunRecord(runId, STAGE, topic, from, to, started, started, Map.of(),
        List.of(), Map.of());
    PCollectionList.of(mainFiles).and(errorFiles)
        .apply("All files", Flatten.pCollections())
        .apply("Commit", CommitRun.of(config, plan, LakehouseTables.standardized(topic),
            Map.of("parse_errors", LakehouseTables.PARSE_ERRORS), counts,
            drift.apply("Drift view", View.asList())));
    p.run().waitUntilFinish();
    return RunResults.committed(config, LakehouseTables.standardized(topic), runId);
  }

  private static RawEvent toRawEvent(org.apache.iceberg.data.Record r, String topic, String file,
      long position) {
    String sourceUri = (String) r.getField("source_uri");
    Long sourceLine = (Long) r.getField("source_line");
    return RawEvent.of((String) r.getField("message_id"), topic,
        (String) r.getField("json_payload"),
        IcebergValues.micros((OffsetDateTime) r.getField("ingestion_ts")),
        sourceUri != null ? sourceUri : file, sourceLine != null ? sourceLine : position);
  }

  /**
   * Adds the batch's new columns to STANDARDIZED as nullable STRING before any file is written,
   * and hands the resulting schema to the writers.
   */
  private static PCollectionView<String> evolvedSchema(Pipeline p, CatalogConfig config,
      String topic, PCollection<FlatEvent> events) {
    // One set union per bundle, merged globally: a single element, whatever the number of rows or
    // columns (a per-name Distinct costs one shuffle key per column — slow with thousands).
    PCollectionView<List<String>> names =
        events
            .apply("Column names", Combine.globally(new ColumnNamesFn()))
            .apply("Names view", View.asSingleton());
    return p.apply("Once", Create.of(1).withCoder(VarIntCoder.of()))
        .apply("Evolve STANDARDIZED schema",
            ParDo.of(new EvolveFn(config, LakehouseTables.standardized(topic).toString(), names))
                .withSideInputs(names))
        .setCoder(StringUtf8Coder.of())
        .apply("Schema view", View.asSingleton());
  }

  /** The sorted union of the column names of all events. */
  private static final class ColumnNamesFn
      extends Combine.CombineFn<FlatEvent, Set<String>, List<String>> {
    @Override
    public Set<String> createAccumulator() {
      return new HashSet<>();
    }

    @Override
    public Set<String> addInput(Set<String> names, FlatEvent event) {
      names.addAll(event.columns().keySet());
      return names;
    }

    @Override
    public Set<String> mergeAccumulators(Iterable<Set<String>> all) {
      Set<String> merged = new HashSet<>();
      all.forEach(merged::addAll);
      return merged;
    }

    @Override
    public List<String> extractOutput(Set<String> names) {
      List<String> sorted = new ArrayList<>(names);
      sorted.sort(null);
      return sorted;
    }

    @Override
    public Coder<Set<String>> getAccumulatorCoder(CoderRegistry registry, Coder<FlatEvent> input) {
      return SetCoder.of(StringUtf8Coder.of());
    }

    @Override
    public Coder<List<String>> getDefaultOutputCoder(CoderRegistry registry,
        Coder<FlatEvent> input) {
      return ListCoder.of(StringUtf8Coder.of());
    }
  }

  private static final class EvolveFn extends DoFn<Integer, String> {
    private final CatalogConfig config;
    private final String table;
    private final PCollectionView<List<String>> names;

    EvolveFn(CatalogConfig config, String table, PCollectionView<List<String>> names) {
      this.config = config;
      this.table = table;
      this.names = names;
    }

    @ProcessElement
    public void process(ProcessContext c) {
      Table t = config.load().loadTable(TableIdentifier.parse(table));
      List<String> columns = new ArrayList<>();
      for (String name : c.sideInput(names)) {
        if (!name.equals(Envelope.INGESTION_TS)) {
          columns.add(name);
        }
      }
      columns.sort(null);
      Schema schema = LakehouseTables.addStringColumns(t, columns).schema();
      c.output(SchemaParser.toJson(schema));
    }
  }
}
