package io.leanops.io;

import java.util.List;
import java.util.UUID;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.apache.beam.sdk.transforms.windowing.GlobalWindow;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionView;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.Schema;
import org.apache.iceberg.SchemaParser;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.TableIdentifier;

/**
 * Writes elements into Parquet data files of an Iceberg table without committing them: each
 * bundle writes its own files (one per partition) and emits them as {@link StagedFile}s for the
 * run's single commit. The table schema comes from a side input, so a schema evolved earlier in the
 * same pipeline is the one written.
 */
public final class WriteDataFiles<T> extends PTransform<PCollection<T>, PCollection<StagedFile>> {
  private final CatalogConfig catalog;
  private final String table;
  private final String target;
  private final PCollectionView<String> schemaJson;
  private final RecordConverter<T> converter;
  private final String runId;

  private WriteDataFiles(CatalogConfig catalog, String table, String target,
      PCollectionView<String> schemaJson, RecordConverter<T> converter, String runId) {
    this.catalog = catalog;
    this.table = table;
    this.target = target;
    this.schemaJson = schemaJson;
    this.converter = converter;
    this.runId = runId;
  }

  /**
   * Writes to {@code table}, tagging the files with {@code target}; {@code schemaJson} holds the
   * Iceberg schema (as {@link SchemaParser#toJson}) to write with.
   */
  public static <T> WriteDataFiles<T> to(CatalogConfig catalog, TableIdentifier table,
      String target, PCollectionView<String> schemaJson, RecordConverter<T> converter,
      String runId) {
    return new WriteDataFiles<>(catalog, table.toString(), target, schemaJson, converter, runId);
  }

  @Override
  public PCollection<StagedFile> expand(PCollection<T> input) {
    return input
        .apply("Write data files of " + table,
            ParDo.of(new WriteFn<>(catalog, table, target, schemaJson, converter, runId))
                .withSideInputs(schemaJson))
        .setCoder(SerializableCoder.of(StagedFile.class));
  }

  private static final class WriteFn<T> extends DoFn<T, StagedFile> {
    private final CatalogConfig catalog;
    private final String tableName;
    private final String target;
    private final PCollectionView<String> schemaJson;
    private final RecordConverter<T> converter;
    private final String runId;
    private transient Table table;
    private transient Schema schema;
    private transient PartitionedFileWriter writer;

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
    public void process(@Element T element, ProcessContext c) {
      if (writer == null) {
        if (table == null) {
          table = catalog.load().loadTable(TableIdentifier.parse(tableName));
        }
        table.refresh();
        schema = SchemaParser.fromJson(c.sideInput(schemaJson));
        writer = new PartitionedFileWriter(table, schema, runId + "-" + UUID.randomUUID());
      }
      writer.write(converter.convert(element, schema));
    }

    @FinishBundle
    public void finish(FinishBundleContext c) {
      if (writer != null) {
        List<DataFile> files = writer.complete();
        writer = null;
        for (DataFile f : files) {
          c.output(new StagedFile(target, f), BoundedWindow.TIMESTAMP_MIN_VALUE,
              GlobalWindow.INSTANCE);
        }
      }
    }
  }
}
