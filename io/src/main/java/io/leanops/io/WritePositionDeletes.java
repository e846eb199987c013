package io.leanops.io;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.GroupByKey;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.data.GenericAppenderFactory;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.deletes.PositionDelete;
import org.apache.iceberg.deletes.PositionDeleteWriter;
import org.apache.iceberg.encryption.EncryptedOutputFile;
import org.apache.iceberg.io.OutputFileFactory;

/**
 * Writes Iceberg position deletes for row locations (data file path, row position): one delete
 * file per referenced data file, positions sorted, in the data file's own partition so that
 * engines apply it exactly to that file. Not committed: emitted as {@link StagedFile}s carrying the
 * referenced data file, for the run's validated row-level commit.
 *
 * <p>Why position deletes (merge-on-read) rather than rewriting touched files (copy-on-write): a
 * correction batch touches a few rows in many files; a position delete costs a few bytes per row,
 * whereas copy-on-write rewrites every touched file whole. Readers pay a small merge cost, which
 * compaction removes. Every Iceberg v2 engine (Spark, Trino, Athena, Snowflake) reads them.
 * Measured by {@code CrossPeriodCorrectionsIT} (5,000 corrections, every row of six files
 * corrected — the worst case for position deletes): 20,564 bytes of deletes written, against
 * 56,674 bytes copy-on-write would have rewritten (2.8x); sparser corrections widen the gap,
 * since copy-on-write rewrites a whole file for a single changed row.
 */
public final class WritePositionDeletes
    extends PTransform<PCollection<KV<String, Long>>, PCollection<StagedFile>> {
  private final CatalogConfig catalog;
  private final String table;
  private final Map<String, DataFile> dataFiles;
  private final String target;
  private final String runId;

  private WritePositionDeletes(CatalogConfig catalog, String table, Map<String, DataFile> dataFiles,
      String target, String runId) {
    this.catalog = catalog;
    this.table = table;
    this.dataFiles = dataFiles;
    this.target = target;
    this.runId = runId;
  }

  /**
   * Deletes rows of {@code liveFiles} (the files the run planned to read; a location in any other
   * file is an error) of {@code table}.
   */
  public static WritePositionDeletes of(CatalogConfig catalog, TableIdentifier table,
      List<LiveFile> liveFiles, String target, String runId) {
    Map<String, DataFile> files = new TreeMap<>();
    for (LiveFile f : liveFiles) {
      files.put(f.path(), f.dataFile());
    }
    return new WritePositionDeletes(catalog, table.toString(), files, target, runId);
  }

  @Override
  public PCollection<StagedFile> expand(PCollection<KV<String, Long>> locations) {
    return locations
        .apply("Group by data file", GroupByKey.create())
        .apply("Write delete files", ParDo.of(new WriteFn(this)))
        .setCoder(SerializableCoder.of(StagedFile.class));
  }

  private static final class WriteFn extends DoFn<KV<String, Iterable<Long>>, StagedFile> {
    private final CatalogConfig catalog;
    private final String tableName;
    private final Map<String, DataFile> dataFiles;
    private final String target;
    private final String runId;
    private transient Table table;

    WriteFn(WritePositionDeletes spec) {
      this.catalog = spec.catalog;
      this.tableName = spec.table;
      this.dataFiles = spec.dataFiles;
      this.target = spec.target;
      this.runId = spec.runId;
    }

    @Setup
    public void setup() {
      table = catalog.load().loadTable(TableIdentifier.parse(tableName));
    }

    @ProcessElement
    public void process(@Element KV<String, Iterable<Long>> file, OutputReceiver<StagedFile> out) {
      String path = file.getKey();
      DataFile dataFile = dataFiles.get(path);
      if (dataFile == null) {
        throw new IllegalStateException("a row to delete lies in " + path
            + ", which this run did not plan to read");
      }
      List<Long> positions = new ArrayList<>();
      file.getValue().forEach(positions::add);
      positions.sort(null);
      PartitionSpec spec = table.specs().get(dataFile.specId());
      OutputFileFactory files =
          OutputFileFactory.builderFor(table, ThreadLocalRandom.current().nextInt(1 << 20),
                  ThreadLocalRandom.current().nextLong(Long.MAX_VALUE))
              .format(FileFormat.PARQUET)
              .operationId(runId + "-deletes-" + UUID.randomUUID())
              .build();
      EncryptedOutputFile output = files.newOutputFile(spec, dataFile.partition());
      PositionDeleteWriter<Record> writer =
          new GenericAppenderFactory(table.schema(), spec)
              .newPosDeleteWriter(output, FileFormat.PARQUET, dataFile.partition());
      PositionDelete<Record> delete = PositionDelete.create();
      try (PositionDeleteWriter<Record> w = writer) {
        for (Long pos : positions) {
          w.write(delete.set(path, pos, null));
        }
      } catch (IOException e) {
        throw new UncheckedIOException("cannot write position deletes for " + path, e);
      }
      out.output(new StagedFile(target, writer.toDeleteFile(), path));
    }
  }
}
