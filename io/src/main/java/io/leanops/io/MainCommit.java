package io.leanops.io;

import java.io.Serializable;
import java.util.List;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.DeleteFile;
import org.apache.iceberg.expressions.Expression;

/**
 * What a run commits to its main table: new data files, position-delete files (rows replaced by a
 * MERGE), and how to validate the commit against concurrent changes.
 */
public final class MainCommit {
  private final List<DataFile> dataFiles;
  private final List<DeleteFile> deleteFiles;
  private final List<String> referencedDataFiles;
  private final Validation validation;

  private MainCommit(List<DataFile> dataFiles, List<DeleteFile> deleteFiles,
      List<String> referencedDataFiles, Validation validation) {
    this.dataFiles = List.copyOf(dataFiles);
    this.deleteFiles = List.copyOf(deleteFiles);
    this.referencedDataFiles = List.copyOf(referencedDataFiles);
    this.validation = validation;
  }

  /**
   * New {@code dataFiles}, and {@code deleteFiles} deleting rows of {@code referencedDataFiles},
   * validated by {@code validation}.
   */
  public static MainCommit of(List<DataFile> dataFiles, List<DeleteFile> deleteFiles,
      List<String> referencedDataFiles, Validation validation) {
    return new MainCommit(dataFiles, deleteFiles, referencedDataFiles, validation);
  }

  /** Appends only, no validation beyond the run marker. */
  public static MainCommit append(List<DataFile> dataFiles) {
    return new MainCommit(dataFiles, List.of(), List.of(), Validation.NONE);
  }

  /** The data files whose rows the delete files delete (they must still exist at commit). */
  public List<String> referencedDataFiles() {
    return referencedDataFiles;
  }

  public List<DataFile> dataFiles() {
    return dataFiles;
  }

  public List<DeleteFile> deleteFiles() {
    return deleteFiles;
  }

  public Validation validation() {
    return validation;
  }

  /** True when the commit must be a row-level commit ({@code RowDelta}), not a plain append. */
  public boolean isRowLevel() {
    return !deleteFiles.isEmpty() || validation.baseSnapshotId() != null;
  }

  /**
   * Row-level validation: since {@link #baseSnapshotId()} (the main table's snapshot when the run
   * planned), no data or delete file matching {@link #conflictFilter()} may have been added and the
   * data files the run deletes rows from must still exist. Iceberg checks this inside the commit.
   */
  public static final class Validation implements Serializable {
    private static final long serialVersionUID = 1L;

    /** No row-level validation (append-only stages). */
    public static final Validation NONE = new Validation(null, null);

    private final Long baseSnapshotId;
    private final Expression conflictFilter;

    private Validation(Long baseSnapshotId, Expression conflictFilter) {
      this.baseSnapshotId = baseSnapshotId;
      this.conflictFilter = conflictFilter;
    }

    /** Validates from {@code baseSnapshotId} (null: the table was empty) within {@code filter}. */
    public static Validation since(Long baseSnapshotId, Expression filter) {
      return new Validation(baseSnapshotId == null ? -1L : baseSnapshotId, filter);
    }

    /** The snapshot the run planned from; -1 when the table had none; null for {@link #NONE}. */
    public Long baseSnapshotId() {
      return baseSnapshotId;
    }

    public Expression conflictFilter() {
      return conflictFilter;
    }
  }
}
