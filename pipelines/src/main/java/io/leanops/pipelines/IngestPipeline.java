package io.leanops.pipelines;

import io.leanops.io.CatalogConfig;
import io.leanops.io.CommitRun;
import io.leanops.io.IcebergValues;
import io.leanops.io.LakehouseTables;
import io.leanops.io.PartitionedFileWriter;
import io.leanops.io.RunCounts;
import io.leanops.io.RunRecord;
import io.leanops.io.StagedFile;
import io.leanops.schemas.Timestamps;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarLongCoder;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.MatchResult;
import org.apache.beam.sdk.io.fs.ResourceId;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.Reshuffle;
import org.apache.beam.sdk.transforms.Sum;
import org.apache.beam.sdk.transforms.View;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.PCollectionView;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.data.GenericRecord;

/**
 * {@code leanops ingest}: JSON-lines files → {@code raw.<topic>} (SPEC.md §2), every line kept byte
 * for byte, in one atomic commit per run. All rows of a run share the run's {@code ingestion_ts};
 * each row records its source file and line, the FIFO tie-breaks of standardize.
 */
public final class IngestPipeline {
  public static final String STAGE = "ingest";

  private static final TupleTag<StagedFile> FILES = new TupleTag<StagedFile>() {};
  private static final TupleTag<Long> LINES = new TupleTag<Long>() {};

  private IngestPipeline() {}

  /** Runs an ingest; returns the committed run record. */
  public static RunRecord run(IngestOptions options) {
    String topic = LakehouseTables.checkTopic(options.getTopic());
    List<String> inputs = matchInputs(options.getInput());
    CatalogConfig config = LeanopsOptions.catalogConfig(options);
    Table raw = LakehouseTables.rawTable(config.load(), topic);
    LakehouseTables.pipelineRunsTable(config.load());
    String runId = "ingest-" + UUID.randomUUID();
    long started = Timestamps.toMicros(Instant.now());

    Pipeline p = Pipeline.create(Runners.configure(options));
    PCollectionTuple read =
        p.apply("Input files", Create.of(inputs).withCoder(StringUtf8Coder.of()))
            .apply("Spread files", Reshuffle.viaRandomKey())
            .apply("Read lines and write RAW",
                ParDo.of(new IngestFileFn(config, LakehouseTables.raw(topic).toString(), topic, runId,
                    started))
                    .withOutputTags(FILES, TupleTagList.of(LINES)));
    PCollection<StagedFile> files =
        read.get(FILES).setCoder(SerializableCoder.of(StagedFile.class));
    PCollectionView<Long> lines =
        read.get(LINES).setCoder(VarLongCoder.of())
            .apply("Count lines", Sum.longsGlobally())
            .apply("Lines view", View.asSingleton());
    RunRecord plan = new RunRecord(runId, STAGE, topic, null, null, started, started, Map.of(),
        List.of(), Map.of());
    files.apply("Commit", CommitRun.of(config, plan, LakehouseTables.raw(topic), Map.of(),
        Map.of(RunCounts.READ, lines, RunCounts.WRITTEN, lines), null));
    p.run().waitUntilFinish();
    return RunResults.committed(config, LakehouseTables.raw(topic), runId);
  }

  /**
   * The files {@code input} names, sorted.
   *
   * @throws IllegalArgumentException when it names none, saying what to check
   */
  static List<String> matchInputs(String input) {
    if (input == null || input.isBlank()) {
      throw new IllegalArgumentException(
          "--input is missing; give a JSON-lines file, a glob such as 'data/*.jsonl' or s3:// paths");
    }
    List<String> files = new ArrayList<>();
    try {
      for (String spec : input.split(",")) {
        MatchResult match = FileSystems.match(spec.trim());
        if (match.status() == MatchResult.Status.OK) {
          for (MatchResult.Metadata m : match.metadata()) {
            if (!m.resourceId().isDirectory()) {
              files.add(m.resourceId().toString());
            }
          }
        }
      }
    } catch (IOException e) {
      throw new IllegalArgumentException("--input='" + input + "' cannot be listed: "
          + e.getMessage(), e);
    }
    if (files.isEmpty()) {
      throw new IllegalArgumentException("--input='" + input
          + "' matches no file; check the path (quote globs so the shell does not expand them)");
    }
    files.sort(null);
    return files;
  }

  private static final class IngestFileFn extends DoFn<String, StagedFile> {
    private final CatalogConfig config;
    private final String table;
    private final String topic;
    private final String runId;
    private final long ingestionMicros;
    private transient Table raw;

    IngestFileFn(CatalogConfig config, String table, String topic, String runId,
        long ingestionMicros) {
      this.config = config;
      this.table = table;
      this.topic = topic;
      this.runId = runId;
      this.ingestionMicros = ingestionMicros;
    }

    @Setup
    public void setup() {
      raw = config.load().loadTable(TableIdentifier.parse(table));
    }

    @ProcessElement
    public void process(@Element String file, MultiOutputReceiver out) {
      PartitionedFileWriter writer =
          new PartitionedFileWriter(raw, raw.schema(), runId + "-" + UUID.randomUUID());
      long[] lines = {0};
      ResourceId resource = FileSystems.matchNewResource(file, false);
      try (InputStream in = Channels.newInputStream(FileSystems.open(resource))) {
        RawLines.forEachLine(in, line -> {
          writer.write(toRecord(file, line));
          lines[0]++;
        });
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read input file " + file, e);
      }
      for (DataFile f : writer.complete()) {
        out.get(FILES).output(new StagedFile(CommitRun.MAIN, f));
      }
      out.get(LINES).output(lines[0]);
    }

    private GenericRecord toRecord(String file, RawLines.Line line) {
      RawLines.Envelope env = RawLines.envelope(line.text);
      GenericRecord r = GenericRecord.create(raw.schema());
      r.setField("message_id",
          env.messageId != null ? env.messageId : RawLines.derivedMessageId(line.bytes));
      r.setField("topic_name", env.topicName != null ? env.topicName : topic);
      r.setField("idempotency_key", env.idempotencyKey);
      r.setField("publish_time", env.publishTime);
      r.setField("ingestion_ts", IcebergValues.timestamp(ingestionMicros));
      r.setField("json_payload", line.text);
      r.setField("source_uri", file);
      r.setField("source_line", line.number);
      r.setField("payload_bytes", line.validUtf8 ? null : ByteBuffer.wrap(line.bytes));
      return r;
    }
  }

}
