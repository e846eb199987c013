package io.leanops.io;

import java.io.IOException;
import java.io.InputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Set;
import java.util.TreeSet;
import java.util.List;
import java.util.UUID;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.DeleteFile;
import org.apache.iceberg.FileContent;
import org.apache.iceberg.MetadataColumns;
import org.apache.iceberg.PartitionField;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.data.parquet.GenericParquetReaders;
import org.apache.iceberg.expressions.Expression;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.io.FileIO;
import org.apache.iceberg.io.InputFile;
import org.apache.iceberg.io.OutputFile;
import org.apache.iceberg.parquet.Parquet;

/**
 * Plain-Java helpers over Iceberg data files: which files a snapshot range added, reading one
 * file's rows, and saving a list of staged (uncommitted) data files next to a table so that a later
 * commit can find them again.
 */
public final class DataFiles {
  private DataFiles() {}

  /**
   * Paths of the data files appended to {@code table} after snapshot {@code fromExclusive} (null:
   * from the first snapshot) up to and including {@code to}, in path order.
   */
  public static List<String> appendedBetween(Table table, Long fromExclusive, long to) {
    var scan = table.newIncrementalAppendScan().toSnapshot(to);
    if (fromExclusive != null) {
      scan = scan.fromSnapshotExclusive(fromExclusive);
    }
    return paths(scan.planFiles());
  }

  /**
   * The values of identity partition column {@code column} in the data files appended between two
   * snapshots (as {@link #appendedBetween}); null values are left out. Read from file metadata
   * only, no data is opened.
   */
  public static Set<String> appendedPartitionValues(Table table, Long fromExclusive, long to,
      String column) {
    var scan = table.newIncrementalAppendScan().toSnapshot(to);
    if (fromExclusive != null) {
      scan = scan.fromSnapshotExclusive(fromExclusive);
    }
    Set<String> values = new TreeSet<>();
    try (CloseableIterable<FileScanTask> tasks = scan.planFiles()) {
      for (FileScanTask task : tasks) {
        List<PartitionField> fields = task.spec().fields();
        for (int i = 0; i < fields.size(); i++) {
          String source = task.spec().schema().findColumnName(fields.get(i).sourceId());
          if (column.equals(source) && fields.get(i).transform().isIdentity()) {
            Object v = task.file().partition().get(i, Object.class);
            if (v != null) {
              values.add(v.toString());
            }
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return values;
  }

  /** Paths of every live data file of {@code table}, in path order; empty for an empty table. */
  public static List<String> current(Table table) {
    Snapshot current = table.currentSnapshot();
    if (current == null) {
      return List.of();
    }
    return paths(table.newScan().useSnapshot(current.snapshotId()).planFiles());
  }

  private static List<String> paths(CloseableIterable<FileScanTask> tasks) {
    List<String> paths = new ArrayList<>();
    try (CloseableIterable<FileScanTask> t = tasks) {
      for (FileScanTask task : t) {
        if (!task.deletes().isEmpty()) {
          throw new IllegalStateException("file " + task.file().path()
              + " has row-level deletes; this reader only reads append-only tables");
        }
        paths.add(task.file().path().toString());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    paths.sort(null);
    return paths;
  }

  /**
   * The live data files of {@code table}'s current snapshot matching {@code filter} (partition
   * pruning and column stats), each with its position deletes, in path order. Equality deletes are
   * refused: this project never writes them.
   */
  public static List<LiveFile> live(Table table, Expression filter) {
    Snapshot current = table.currentSnapshot();
    if (current == null) {
      return List.of();
    }
    List<LiveFile> files = new ArrayList<>();
    try (CloseableIterable<FileScanTask> tasks =
        table.newScan().useSnapshot(current.snapshotId()).filter(filter).planFiles()) {
      for (FileScanTask task : tasks) {
        List<String> deletes = new ArrayList<>();
        for (DeleteFile d : task.deletes()) {
          if (d.content() != FileContent.POSITION_DELETES) {
            throw new IllegalStateException("table " + table.name() + " has equality deletes ("
                + d.path() + "); lean-ops writes only position deletes");
          }
          deletes.add(d.path().toString());
        }
        deletes.sort(null);
        files.add(new LiveFile(task.file().path().toString(), deletes,
            task.file().copyWithoutStats()));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    files.sort((a, b) -> a.path().compareTo(b.path()));
    return files;
  }

  /**
   * The distinct values of string column {@code column} in the given data files of an
   * append-only table (a projection read of that one column).
   */
  public static Set<String> distinctValues(FileIO io, List<String> files, Schema tableSchema,
      String column) {
    Schema projection = tableSchema.select(column);
    Set<String> values = new HashSet<>();
    for (String file : files) {
      try (CloseableIterable<Record> rows = read(io, file, projection)) {
        for (Record r : rows) {
          Object v = r.get(0);
          if (v != null) {
            values.add(v.toString());
          }
        }
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read data file " + file, e);
      }
    }
    return values;
  }

  /**
   * The periods in which the key index of a topic lists any of {@code keys}: Iceberg prunes the
   * index to the keys' buckets before any file is opened.
   */
  public static Set<String> indexedPeriods(Table keyIndex, Set<String> keys) {
    Set<String> periods = new TreeSet<>();
    if (keys.isEmpty() || keyIndex.currentSnapshot() == null) {
      return periods;
    }
    for (LiveFile f : live(keyIndex, Expressions.in("idempotency_key", keys.toArray()))) {
      try (CloseableIterable<Record> rows = read(keyIndex.io(), f.path(), keyIndex.schema())) {
        for (Record r : rows) {
          if (keys.contains(r.getField("idempotency_key"))) {
            periods.add((String) r.getField("period_reference"));
          }
        }
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read key index file " + f.path(), e);
      }
    }
    return periods;
  }

  /** The positions that the position-delete file {@code deletePath} deletes in {@code dataPath}. */
  public static Set<Long> deletedPositions(FileIO io, String deletePath, String dataPath) {
    Set<Long> positions = new HashSet<>();
    try (CloseableIterable<Record> rows = read(io, deletePath, POSITION_DELETE_SCHEMA)) {
      for (Record r : rows) {
        if (dataPath.equals(r.get(0).toString())) {
          positions.add((Long) r.get(1));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read delete file " + deletePath, e);
    }
    return positions;
  }

  private static final Schema POSITION_DELETE_SCHEMA =
      new Schema(MetadataColumns.DELETE_FILE_PATH, MetadataColumns.DELETE_FILE_POS);

  /** The rows of one Parquet data file, projected to {@code projection}, in file order. */
  public static CloseableIterable<Record> read(FileIO io, String path, Schema projection) {
    InputFile in = io.newInputFile(path);
    return Parquet.read(in)
        .project(projection)
        .createReaderFunc(fileSchema -> GenericParquetReaders.buildReader(projection, fileSchema))
        .build();
  }

  /** Saves {@code files} under the table's metadata folder; returns the saved list's location. */
  public static String saveStaged(Table table, String runId, String target, List<DataFile> files) {
    String location = table.location() + "/metadata/staged-" + runId + "-" + target + "-"
        + UUID.randomUUID() + ".bin";
    OutputFile out = table.io().newOutputFile(location);
    try (OutputStream os = out.create(); ObjectOutputStream oos = new ObjectOutputStream(os)) {
      oos.writeObject(new ArrayList<>(files));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot save staged file list " + location, e);
    }
    return location;
  }

  /** Loads a list saved by {@link #saveStaged}. */
  @SuppressWarnings("unchecked")
  public static List<DataFile> loadStaged(FileIO io, String location) {
    try (InputStream is = io.newInputFile(location).newStream();
        ObjectInputStream ois = new ObjectInputStream(is)) {
      return (List<DataFile>) ois.readObject();
    } catch (IOException | ClassNotFoundException e) {
      throw new IllegalStateException("cannot load staged file list " + location
          + "; it is needed to finish an interrupted run's side-table commit", e);
    }
  }

}
