package io.leanops.schemas;

import java.io.Serializable;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A column type of the topic schema contract: {@code STRING, INT, BIGINT, FLOAT, DOUBLE, BOOLEAN,
 * DATE, TIMESTAMP} or {@code DECIMAL(p,s)}.
 *
 * <p>Instances are immutable values; {@link #toString()} gives the canonical spelling that {@link
 * #parse} accepts, e.g. {@code DECIMAL(12,2)}.
 */
public final class ColumnType implements Serializable {
  private static final long serialVersionUID = 1L;

  /** The type families. */
  public enum Kind {
    STRING,
    INT,
    BIGINT,
    FLOAT,
    DOUBLE,
    BOOLEAN,
    DATE,
    TIMESTAMP,
    DECIMAL
  }

  /** Largest precision a DECIMAL may declare (Iceberg's limit). */
  public static final int MAX_DECIMAL_PRECISION = 38;

  private static final Pattern DECIMAL =
      Pattern.compile("DECIMAL\\s*\\(\\s*(\\d{1,3})\\s*,\\s*(\\d{1,3})\\s*\\)");

  public static final ColumnType STRING = new ColumnType(Kind.STRING, 0, 0);
  public static final ColumnType INT = new ColumnType(Kind.INT, 0, 0);
  public static final ColumnType BIGINT = new ColumnType(Kind.BIGINT, 0, 0);
  public static final ColumnType FLOAT = new ColumnType(Kind.FLOAT, 0, 0);
  public static final ColumnType DOUBLE = new ColumnType(Kind.DOUBLE, 0, 0);
  public static final ColumnType BOOLEAN = new ColumnType(Kind.BOOLEAN, 0, 0);
  public static final ColumnType DATE = new ColumnType(Kind.DATE, 0, 0);
  public static final ColumnType TIMESTAMP = new ColumnType(Kind.TIMESTAMP, 0, 0);

  private final Kind kind;
  private final int precision;
  private final int scale;

  private ColumnType(Kind kind, int precision, int scale) {
    this.kind = kind;
    this.precision = precision;
    this.scale = scale;
  }

  /** Returns {@code DECIMAL(precision, scale)}; 1 ≤ precision ≤ 38 and 0 ≤ scale ≤ precision. */
  public static ColumnType decimal(int precision, int scale) {
    if (precision < 1 || precision > MAX_DECIMAL_PRECISION) {
      throw new IllegalArgumentException(
          "DECIMAL precision must be between 1 and " + MAX_DECIMAL_PRECISION + ", got " + precision);
    }
    if (scale < 0 || scale > precision) {
      throw new IllegalArgumentException(
          "DECIMAL scale must be between 0 and the precision (" + precision + "), got " + scale);
    }
    return new ColumnType(Kind.DECIMAL, precision, scale);
  }

  /**
   * Parses a type name, case-insensitively: {@code "bigint"}, {@code "DECIMAL(12, 2)"}.
   *
   * @throws IllegalArgumentException naming the accepted spellings when {@code text} is none of them
   */
  public static ColumnType parse(String text) {
    if (text == null) {
      throw new IllegalArgumentException("type is missing; use one of " + spellings());
    }
    String upper = text.trim().toUpperCase(Locale.ROOT);
    Matcher m = DECIMAL.matcher(upper);
    if (m.matches()) {
      return decimal(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)));
    }
    for (Kind kind : Kind.values()) {
      if (kind != Kind.DECIMAL && kind.name().equals(upper)) {
        return simple(kind);
      }
    }
    throw new IllegalArgumentException(
        "unknown type '" + text + "'; use one of " + spellings());
  }

  private static String spellings() {
    return "STRING, INT, BIGINT, FLOAT, DOUBLE, BOOLEAN, DATE, TIMESTAMP, DECIMAL(p,s)";
  }

  private static ColumnType simple(Kind kind) {
    switch (kind) {
      case STRING: return STRING;
      case INT: return INT;
      case BIGINT: return BIGINT;
      case FLOAT: return FLOAT;
      case DOUBLE: return DOUBLE;
      case BOOLEAN: return BOOLEAN;
      case DATE: return DATE;
      case TIMESTAMP: return TIMESTAMP;
      default: throw new IllegalArgumentException("DECIMAL needs a precision and a scale");
    }
  }

  public Kind kind() {
    return kind;
  }

  /** DECIMAL precision; 0 for other kinds. */
  public int precision() {
    return precision;
  }

  /** DECIMAL scale; 0 for other kinds. */
  public int scale() {
    return scale;
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof ColumnType)) {
      return false;
    }
    ColumnType that = (ColumnType) o;
    return kind == that.kind && precision == that.precision && scale == that.scale;
  }

  @Override
  public int hashCode() {
    return Objects.hash(kind, precision, scale);
  }

  @Override
  public String toString() {
    return kind == Kind.DECIMAL ? "DECIMAL(" + precision + "," + scale + ")" : kind.name();
  }
}
