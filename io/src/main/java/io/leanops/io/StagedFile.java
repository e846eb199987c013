package io.leanops.io;

import java.io.Serializable;
import java.util.Objects;
import org.apache.iceberg.DataFile;

/** A data file written by a worker for {@code target} but not yet committed. */
public final class StagedFile implements Serializable {
  private static final long serialVersionUID = 1L;

  private final String target;
  private final DataFile file;

  public StagedFile(String target, DataFile file) {
    this.target = Objects.requireNonNull(target);
    this.file = Objects.requireNonNull(file);
  }

  /** The logical target, e.g. {@code main} or {@code parse_errors}. */
  public String target() {
    return target;
  }

  public DataFile file() {
    return file;
  }

  @Override
  public String toString() {
    return target + ":" + file.path();
  }
}
