package io.leanops.io;

import java.io.Serializable;
import java.util.List;
import java.util.Objects;
import org.apache.iceberg.DataFile;

/**
 * A data file of a table's current snapshot with the position-delete files that apply to it: what
 * a reader must combine to see the file's live rows. Carries the data file's metadata (spec and
 * partition) so that a MERGE can write deletes for it.
 */
public final class LiveFile implements Serializable {
  private static final long serialVersionUID = 1L;

  private final String path;
  private final List<String> positionDeletes;
  private final DataFile dataFile;

  LiveFile(String path, List<String> positionDeletes, DataFile dataFile) {
    this.path = Objects.requireNonNull(path);
    this.positionDeletes = List.copyOf(positionDeletes);
    this.dataFile = dataFile;
  }

  /** A file of an append-only table (no deletes, no metadata needed). */
  public static LiveFile appendOnly(String path) {
    return new LiveFile(path, List.of(), null);
  }

  public String path() {
    return path;
  }

  /** Paths of the position-delete files that apply to this file. */
  public List<String> positionDeletes() {
    return positionDeletes;
  }

  /** The data file's metadata (without column stats); null for append-only reads. */
  public DataFile dataFile() {
    return dataFile;
  }

  @Override
  public String toString() {
    return path + (positionDeletes.isEmpty() ? "" : " - " + positionDeletes.size() + " delete file(s)");
  }
}
