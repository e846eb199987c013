package io.leanops.schemas;

import java.io.Serializable;
import java.util.Objects;

/** One thing wrong with a schema file: where (file), which field (a dotted path) and what. */
public final class SchemaProblem implements Serializable {
  private static final long serialVersionUID = 1L;

  private final String path;
  private final String field;
  private final String message;

  public SchemaProblem(String path, String field, String message) {
    this.path = path;
    this.field = field;
    this.message = message;
  }

  /** The file (or other origin) the schema was read from. */
  public String path() {
    return path;
  }

  /** The field inside the file, e.g. {@code payload_columns.amount.type}; {@code $} for the root. */
  public String field() {
    return field;
  }

  public String message() {
    return message;
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof SchemaProblem)) {
      return false;
    }
    SchemaProblem that = (SchemaProblem) o;
    return path.equals(that.path) && field.equals(that.field) && message.equals(that.message);
  }

  @Override
  public int hashCode() {
    return Objects.hash(path, field, message);
  }

  @Override
  public String toString() {
    return path + ": " + field + ": " + message;
  }
}
