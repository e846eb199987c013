package io.leanops.io;

import java.util.UUID;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.GroupByKey;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.SerializableFunction;
import org.apache.beam.sdk.transforms.WithKeys;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionView;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.Schema;
import org.apache.iceberg.SchemaParser;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.TableIdentifier;

/**
 * Writes elements into Parquet data files of an Iceberg table without committing them, and emits
 * them as {@link StagedFile}s for the run's single commit. Elements are first grouped by a shard
 * key ({@link #withShardKey}, e.g. the period, matching the table's partitioning), and each group
 * is written by one writer (one file per partition, rolling at the target size) — so the number of
 * files follows the partitions touched, not how a runner happens to bundle elements. The table
 * schema comes from a side input, so a schema evolved earlier in the same pipeline is the one
 * written.
 */
public final class WriteDataFiles<T> extends PTransform<PCollection<T>, PCollection<StagedFile>> {
  private final CatalogConfig catalog;
  private final String table;
  private final String target;
  private final PCollectionView<String> schemaJson;
  private final RecordConverter<T> converter;
  private final String runId;
  private final SerializableFunction<T, String> shardKey;

  private WriteDataFiles(CatalogConfig catalog, String table, String target,
      PCollectionView<String> schemaJson, RecordConverter<T> converter, String runId,
      SerializableFunction<T, String> shardKey) {
    this.catalog = catalog;
    this.table = table;
    this.target = target;
    this.schemaJson = schemaJson;
    this.converter = converter;
    this.runId = runId;
    this.shardKey = shardKey;
  }

  /**
   * Writes to {@code table}, tagging the files with {@code target}; {@code schemaJson} holds the
   * Iceberg schema (as {@link SchemaParser#toJson}) to write with.
   */
  public static <T> WriteDataFiles<T> to(CatalogConfig catalog, TableIdentifier table,
      String target, PCollectionView<String> schemaJson, RecordConverter<T> converter,
      String runId) {
    return new WriteDataFiles<>(catalog, table.toString(), target, schemaJson, converter, runId,
        element -> "");
  }

  /**
   * Returns a transform like this one but writing each value of {@code key} as one group (one
   * writer); choose the table's leading partition column so groups and partitions line up.
   * Default: a single group, right for small side tables.
   */
  public WriteDataFiles<T> withShardKey(SerializableFunction<T, String> key) {
    return new WriteDataFiles<>(catalog, table, target, schemaJson, converter, runId, key);
  }

  @Override
  public PCollection<StagedFile> expand(PCollection<T> input) {
    SerializableFunction<T, String> key = shardKey;
    return input
        .apply("Shard", WithKeys.of((T e) -> String.valueOf(key.apply(e)))
            .withKeyType(TypeDescriptors.strings()))
        .setCoder(KvCoder.of(StringUtf8Coder.of(), input.getCoder()))
        .apply("Group shard", GroupByKey.create())
        .apply("Write data files of " + table,
            ParDo.of(new WriteFn<>(catalog, table, target, schemaJson, converter, runId))
                .withSideInputs(schemaJson))
        .setCoder(SerializableCoder.of(StagedFile.class));
  }

  private static final class WriteFn<T> extends DoFn<KV<String, Iterable<T>>, StagedFile> {
    private final CatalogConfig catalog;
    private final String tableName;
    private final String target;
    private final PCollectionView<String> schemaJson;
    private final RecordConverter<T> converter;
    private final String runId;
    private transient Table table;

    WriteFn(CatalogConfig catalog, String tableName, String target,
        PCollectionView<String> schemaJson, RecordConverter<T> converter, String runId) {
      this.catalog = catalog;
      this.tableName = tableName;
      this.target = target;
      this.schemaJson = schemaJson;
      this.converter = converter;
      this.runId = runId;
    }

    @ProcessElement
    public void process(@Element KV<String, Iterable<T>> shard, ProcessContext c) {
      if (table == null) {
        table = catalog.load().loadTable(TableIdentifier.parse(tableName));
      }
      table.refresh();
      Schema schema = SchemaParser.fromJson(c.sideInput(schemaJson));
      PartitionedFileWriter writer =
          new PartitionedFileWriter(table, schema, runId + "-" + UUID.randomUUID());
      for (T element : shard.getValue()) {
        writer.write(converter.convert(element, schema));
      }
      for (DataFile f : writer.complete()) {
        c.output(new StagedFile(target, f));
      }
    }
  }
}
