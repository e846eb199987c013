package io.leanops.schemas;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.regex.Pattern;

/**
 * Casts STANDARDIZED string values to the Java value of a {@link ColumnType}, strictly, and says
 * why a value does not cast. Null stays null (whether null is allowed is {@code CdeValidate}'s
 * business, not the caster's).
 *
 * <table>
 *   <caption>Type mapping of cast values</caption>
 *   <tr><th>type</th><th>Java value</th><th>accepted text</th></tr>
 *   <tr><td>STRING</td><td>String</td><td>anything</td></tr>
 *   <tr><td>INT / BIGINT</td><td>Integer / Long</td><td>optional sign and decimal digits, in range</td></tr>
 *   <tr><td>FLOAT / DOUBLE</td><td>Float / Double</td><td>decimal or scientific notation, finite, in range</td></tr>
 *   <tr><td>BOOLEAN</td><td>Boolean</td><td>{@code true} or {@code false}, any case</td></tr>
 *   <tr><td>DATE</td><td>{@link LocalDate}</td><td>{@code YYYY-MM-DD}</td></tr>
 *   <tr><td>TIMESTAMP</td><td>{@link java.time.Instant}</td><td>see {@link Timestamps}</td></tr>
 *   <tr><td>DECIMAL(p,s)</td><td>{@link BigDecimal} with scale s</td><td>decimal notation, at most s
 *       fraction digits (no silent rounding) and p−s integer digits</td></tr>
 * </table>
 */
public final class ValueCaster {
  private static final Pattern INTEGER = Pattern.compile("[+-]?\\d+");
  private static final Pattern NUMBER =
      Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");
  private static final BigInteger INT_MIN = BigInteger.valueOf(Integer.MIN_VALUE);
  private static final BigInteger INT_MAX = BigInteger.valueOf(Integer.MAX_VALUE);
  private static final BigInteger LONG_MIN = BigInteger.valueOf(Long.MIN_VALUE);
  private static final BigInteger LONG_MAX = BigInteger.valueOf(Long.MAX_VALUE);

  private ValueCaster() {}

  /** Casts {@code text} to {@code type}. */
  public static CastResult cast(String text, ColumnType type) {
    if (text == null) {
      return CastResult.ok(null);
    }
    switch (type.kind()) {
      case STRING:
        return CastResult.ok(text);
      case INT:
        return integer(text, type, INT_MIN, INT_MAX);
      case BIGINT:
        return integer(text, type, LONG_MIN, LONG_MAX);
      case FLOAT:
        return floating(text, true);
      case DOUBLE:
        return floating(text, false);
      case BOOLEAN:
        if (text.equalsIgnoreCase("true")) {
          return CastResult.ok(Boolean.TRUE);
        }
        if (text.equalsIgnoreCase("false")) {
          return CastResult.ok(Boolean.FALSE);
        }
        return CastResult.fail(quote(text) + " is not a BOOLEAN (expected true or false)");
      case DATE:
        try {
          return CastResult.ok(LocalDate.parse(text));
        } catch (DateTimeParseException e) {
          return CastResult.fail(quote(text) + " is not a DATE (expected YYYY-MM-DD)");
        }
      case TIMESTAMP:
        try {
          return CastResult.ok(Timestamps.parse(text));
        } catch (DateTimeParseException | ArithmeticException e) {
          return CastResult.fail(quote(text)
              + " is not a TIMESTAMP (expected ISO-8601 such as 2026-01-28T10:00:00Z)");
        }
      case DECIMAL:
        return decimal(text, type);
      default:
        throw new IllegalStateException("unhandled type " + type);
    }
  }

  private static CastResult integer(String text, ColumnType type, BigInteger min, BigInteger max) {
    if (!INTEGER.matcher(text).matches()) {
      return CastResult.fail(quote(text) + " is not an integer (" + type + ")");
    }
    BigInteger value = new BigInteger(text);
    if (value.compareTo(min) < 0 || value.compareTo(max) > 0) {
      return CastResult.fail(quote(text) + " is out of range for " + type + " (" + min + " to "
          + max + ")");
    }
    return CastResult.ok(type.kind() == ColumnType.Kind.INT
        ? (Object) value.intValue() : (Object) value.longValue());
  }

  private static CastResult floating(String text, boolean single) {
    String name = single ? "FLOAT" : "DOUBLE";
    if (!NUMBER.matcher(text).matches()) {
      return CastResult.fail(quote(text) + " is not a finite decimal number (" + name + ")");
    }
    double d = Double.parseDouble(text);
    if (Double.isInfinite(d) || (single && Float.isInfinite((float) d))) {
      return CastResult.fail(quote(text) + " is out of range for " + name);
    }
    return CastResult.ok(single ? (Object) (float) d : (Object) d);
  }

  private static CastResult decimal(String text, ColumnType type) {
    if (!NUMBER.matcher(text).matches()) {
      return CastResult.fail(quote(text) + " is not a decimal number (" + type + ")");
    }
    BigDecimal value;
    try {
      value = new BigDecimal(text).stripTrailingZeros();
    } catch (NumberFormatException | ArithmeticException e) {
      return CastResult.fail(quote(text) + " is not a decimal number (" + type + ")");
    }
    if (value.scale() > type.scale()) {
      return CastResult.fail(quote(text) + " has more than " + type.scale()
          + " fraction digits (" + type + "); it would be rounded");
    }
    BigDecimal scaled = value.setScale(type.scale());
    if (scaled.precision() > type.precision()) {
      return CastResult.fail(quote(text) + " has more than " + (type.precision() - type.scale())
          + " integer digits (" + type + ")");
    }
    return CastResult.ok(scaled);
  }

  private static String quote(String text) {
    String shown = text.length() > 60 ? text.substring(0, 57) + "..." : text;
    return "'" + shown + "'";
  }
}
