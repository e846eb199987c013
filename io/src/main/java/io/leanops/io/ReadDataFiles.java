package io.leanops.io;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.Reshuffle;
import org.apache.beam.sdk.values.PBegin;
import org.apache.beam.sdk.values.PCollection;
import org.apache.iceberg.Schema;
import org.apache.iceberg.SchemaParser;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.io.FileIO;

/**
 * Reads the rows of a planned list of data files of an Iceberg table (e.g. the files a snapshot
 * range appended, from {@link DataFiles#appendedBetween}), projected to a schema, spreading the
 * files over workers. Planning happens before the pipeline is built, so every runner reads exactly
 * the same files.
 */
public final class ReadDataFiles<T> extends PTransform<PBegin, PCollection<T>> {
  private final CatalogConfig catalog;
  private final String table;
  private final List<LiveFile> files;
  private final String projectionJson;
  private final RecordMapper<T> mapper;
  private final Coder<T> coder;

  private ReadDataFiles(CatalogConfig catalog, String table, List<LiveFile> files,
      String projectionJson, RecordMapper<T> mapper, Coder<T> coder) {
    this.catalog = catalog;
    this.table = table;
    this.files = List.copyOf(files);
    this.projectionJson = projectionJson;
    this.mapper = mapper;
    this.coder = coder;
  }

  /** Reads files of an append-only table (no deletes). */
  public static <T> ReadDataFiles<T> of(CatalogConfig catalog, TableIdentifier table,
      List<String> files, Schema projection, RecordMapper<T> mapper, Coder<T> coder) {
    List<LiveFile> live = new ArrayList<>();
    files.forEach(f -> live.add(LiveFile.appendOnly(f)));
    return new ReadDataFiles<>(catalog, table.toString(), live, SchemaParser.toJson(projection),
        mapper, coder);
  }

  /** Reads the live rows of {@code files}: rows deleted by their position deletes are skipped. */
  public static <T> ReadDataFiles<T> live(CatalogConfig catalog, TableIdentifier table,
      List<LiveFile> files, Schema projection, RecordMapper<T> mapper, Coder<T> coder) {
    return new ReadDataFiles<>(catalog, table.toString(), files, SchemaParser.toJson(projection),
        mapper, coder);
  }

  @Override
  public PCollection<T> expand(PBegin begin) {
    Coder<LiveFile> fileCoder = SerializableCoder.of(LiveFile.class);
    PCollection<LiveFile> paths =
        files.isEmpty()
            ? begin.apply("No files", Create.empty(fileCoder))
            : begin.apply("Files of " + table, Create.of(files).withCoder(fileCoder));
    return paths
        .apply("Spread files", Reshuffle.viaRandomKey())
        .apply("Read rows", ParDo.of(new ReadFn<>(catalog, table, projectionJson, mapper)))
        .setCoder(coder);
  }

  private static final class ReadFn<T> extends DoFn<LiveFile, T> {
    private final CatalogConfig catalog;
    private final String table;
    private final String projectionJson;
    private final RecordMapper<T> mapper;
    private transient FileIO io;
    private transient Schema projection;

    ReadFn(CatalogConfig catalog, String table, String projectionJson, RecordMapper<T> mapper) {
      this.catalog = catalog;
      this.table = table;
      this.projectionJson = projectionJson;
      this.mapper = mapper;
    }

    @Setup
    public void setup() {
      io = catalog.load().loadTable(TableIdentifier.parse(table)).io();
      projection = SchemaParser.fromJson(projectionJson);
    }

    @ProcessElement
    public void process(@Element LiveFile file, OutputReceiver<T> out) {
      String path = file.path();
      Set<Long> deleted = new HashSet<>();
      for (String deletes : file.positionDeletes()) {
        deleted.addAll(DataFiles.deletedPositions(io, deletes, path));
      }
      long position = 0;
      try (CloseableIterable<Record> rows = DataFiles.read(io, path, projection)) {
        for (Record r : rows) {
          if (deleted.isEmpty() || !deleted.contains(position)) {
            out.output(mapper.map(r, path, position));
          }
          position++;
        }
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read data file " + path, e);
      }
    }
  }
}
