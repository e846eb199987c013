package io.leanops.io;

import java.io.Serializable;
import java.util.Objects;
import org.apache.iceberg.ContentFile;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.DeleteFile;

/** A data or delete file written by a worker for {@code target} but not yet committed. */
public final class StagedFile implements Serializable {
  private static final long serialVersionUID = 1L;

  private final String target;
  private final ContentFile<?> file;
  private final String referencedDataFile;

  public StagedFile(String target, ContentFile<?> file) {
    this(target, file, null);
  }

  /** A position-delete file whose deletes all apply to {@code referencedDataFile}. */
  public StagedFile(String target, ContentFile<?> file, String referencedDataFile) {
    this.target = Objects.requireNonNull(target);
    this.file = Objects.requireNonNull(file);
    this.referencedDataFile = referencedDataFile;
  }

  /** For a position-delete file, the one data file it deletes rows of; else null. */
  public String referencedDataFile() {
    return referencedDataFile;
  }

  /** The logical target, e.g. {@code main} or {@code parse_errors}. */
  public String target() {
    return target;
  }

  public ContentFile<?> file() {
    return file;
  }

  public boolean isDelete() {
    return file instanceof DeleteFile;
  }

  /** The file as a data file; fails for a delete file. */
  public DataFile dataFile() {
    return (DataFile) file;
  }

  /** The file as a delete file; fails for a data file. */
  public DeleteFile deleteFile() {
    return (DeleteFile) file;
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof StagedFile)) {
      return false;
    }
    StagedFile that = (StagedFile) o;
    return target.equals(that.target) && file.path().toString().equals(that.file.path().toString())
        && Objects.equals(referencedDataFile, that.referencedDataFile);
  }

  @Override
  public int hashCode() {
    return Objects.hash(target, file.path().toString(), referencedDataFile);
  }

  @Override
  public String toString() {
    return target + ":" + file.path();
  }
}
