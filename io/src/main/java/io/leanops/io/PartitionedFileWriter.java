package io.leanops.io;

import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.PartitionKey;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableProperties;
import org.apache.iceberg.data.GenericAppenderFactory;
import org.apache.iceberg.data.InternalRecordWrapper;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.io.PartitionedFanoutWriter;
import org.apache.iceberg.io.OutputFileFactory;

/**
 * Writes Iceberg generic records into Parquet data files of a table, one open file per partition
 * (fanout), rolling at the table's target file size. The files are not committed: {@link
 * #complete()} returns them for the run's single commit.
 */
public final class PartitionedFileWriter implements Closeable {
  private final PartitionedFanoutWriter<Record> writer;
  private boolean closed;

  /**
   * A writer for {@code table} with the records' {@code schema} (the table's current schema, or the
   * one a schema evolution just committed).
   */
  public PartitionedFileWriter(Table table, Schema schema, String operationId) {
    PartitionSpec spec = table.spec();
    GenericAppenderFactory appenders = new GenericAppenderFactory(schema, spec);
    OutputFileFactory files =
        OutputFileFactory.builderFor(table, ThreadLocalRandom.current().nextInt(1 << 20),
                ThreadLocalRandom.current().nextLong(Long.MAX_VALUE))
            .format(FileFormat.PARQUET)
            .operationId(operationId)
            .build();
    long targetSize = Long.parseLong(table.properties().getOrDefault(
        TableProperties.WRITE_TARGET_FILE_SIZE_BYTES,
        Long.toString(TableProperties.WRITE_TARGET_FILE_SIZE_BYTES_DEFAULT)));
    PartitionKey key = new PartitionKey(spec, schema);
    InternalRecordWrapper wrapper = new InternalRecordWrapper(schema.asStruct());
    this.writer =
        new PartitionedFanoutWriter<>(spec, FileFormat.PARQUET, appenders, files, table.io(),
            targetSize) {
          @Override
          protected PartitionKey partition(Record row) {
            // The internal wrapper turns OffsetDateTime/LocalDate into the micros/days that
            // partition transforms expect.
            key.partition(wrapper.wrap(row));
            return key;
          }
        };
  }

  public void write(Record record) {
    try {
      writer.write(record);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Closes the writer and returns the data files written (none when nothing was written). */
  public List<DataFile> complete() {
    try {
      closed = true;
      return List.of(writer.dataFiles());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    if (!closed) {
      closed = true;
      try {
        writer.close();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }
}
