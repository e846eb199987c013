package io.leanops.schemas;

import java.io.Serializable;
import java.util.Objects;

/**
 * One column of a topic schema: its name in CURATED, its type, whether it is required and PII, and
 * the JSON path it is read from ({@code source}, default: the column name itself).
 */
public final class ColumnSpec implements Serializable {
  private static final long serialVersionUID = 1L;

  private final String name;
  private final ColumnType type;
  private final boolean required;
  private final boolean pii;
  private final String source;

  private ColumnSpec(String name, ColumnType type, boolean required, boolean pii, String source) {
    this.name = Objects.requireNonNull(name, "name");
    this.type = Objects.requireNonNull(type, "type");
    this.required = required;
    this.pii = pii;
    this.source = source;
  }

  /** An optional, non-PII column read from the field of the same name. */
  public static ColumnSpec of(String name, ColumnType type) {
    return new ColumnSpec(name, type, false, false, null);
  }

  /** Returns a column like this one but required (or not). */
  public ColumnSpec withRequired(boolean required) {
    return new ColumnSpec(name, type, required, pii, source);
  }

  /** Returns a column like this one but hashed as PII (or not). */
  public ColumnSpec withPii(boolean pii) {
    return new ColumnSpec(name, type, required, pii, source);
  }

  /** Returns a column like this one but read from the dotted JSON path {@code source}. */
  public ColumnSpec withSource(String source) {
    return new ColumnSpec(name, type, required, pii, source);
  }

  /** Returns a column like this one but of another type. */
  public ColumnSpec withType(ColumnType type) {
    return new ColumnSpec(name, type, required, pii, source);
  }

  public String name() {
    return name;
  }

  public ColumnType type() {
    return type;
  }

  public boolean required() {
    return required;
  }

  public boolean pii() {
    return pii;
  }

  /** The declared source path, or null when the column reads the field of its own name. */
  public String source() {
    return source;
  }

  /** The STANDARDIZED (flattened) column this column is read from. */
  public String sourceColumn() {
    return source == null ? name : ColumnNames.ofPath(source);
  }

  /** The type stored in CURATED: PII columns hold a SHA-256 hex digest, so they are STRING. */
  public ColumnType storedType() {
    return pii ? ColumnType.STRING : type;
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof ColumnSpec)) {
      return false;
    }
    ColumnSpec that = (ColumnSpec) o;
    return name.equals(that.name)
        && type.equals(that.type)
        && required == that.required
        && pii == that.pii
        && Objects.equals(source, that.source);
  }

  @Override
  public int hashCode() {
    return Objects.hash(name, type, required, pii, source);
  }

  @Override
  public String toString() {
    return name
        + " "
        + type
        + (required ? " required" : "")
        + (pii ? " pii" : "")
        + (source == null ? "" : " source=" + source);
  }
}
