package io.leanops.schemas;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.time.temporal.ChronoField;
import java.time.temporal.TemporalAccessor;

/**
 * The timestamp formats the product accepts, in one place. A value without a zone is UTC.
 *
 * <table>
 *   <caption>Accepted forms</caption>
 *   <tr><th>form</th><th>example</th></tr>
 *   <tr><td>ISO-8601 with Z</td><td>{@code 2026-01-28T10:00:00Z}, {@code 2026-01-28T10:00:00.123456Z}</td></tr>
 *   <tr><td>ISO-8601 with offset</td><td>{@code 2026-01-28T11:00:00+01:00}, {@code +0100}</td></tr>
 *   <tr><td>ISO-8601 local (UTC)</td><td>{@code 2026-01-28T10:00:00}</td></tr>
 *   <tr><td>space separator, optional zone</td><td>{@code 2026-01-28 10:00:00}, {@code 2026-01-28 10:00:00.5 +01:00}</td></tr>
 * </table>
 *
 * <p>Fractions up to nanoseconds are parsed; tables store microseconds.
 */
public final class Timestamps {
  private static final DateTimeFormatter FORMAT =
      new DateTimeFormatterBuilder()
          .parseCaseInsensitive()
          .append(DateTimeFormatter.ISO_LOCAL_DATE)
          .optionalStart().appendLiteral('T').optionalEnd()
          .optionalStart().appendLiteral(' ').optionalEnd()
          .appendValue(ChronoField.HOUR_OF_DAY, 2)
          .appendLiteral(':')
          .appendValue(ChronoField.MINUTE_OF_HOUR, 2)
          .optionalStart()
          .appendLiteral(':')
          .appendValue(ChronoField.SECOND_OF_MINUTE, 2)
          .optionalStart()
          .appendFraction(ChronoField.NANO_OF_SECOND, 1, 9, true)
          .optionalEnd()
          .optionalEnd()
          .optionalStart().appendLiteral(' ').optionalEnd()
          .optionalStart().appendOffset("+HH:MM", "Z").optionalEnd()
          .optionalStart().appendOffset("+HHMM", "Z").optionalEnd()
          .toFormatter()
          // STRICT: 2026-02-30 or 24:00 is an error, never silently moved to another instant.
          .withResolverStyle(ResolverStyle.STRICT);

  private Timestamps() {}

  /**
   * Parses a timestamp in one of the accepted forms.
   *
   * @throws DateTimeParseException when {@code text} is none of them
   */
  public static Instant parse(String text) {
    String trimmed = text.trim();
    // The formatter has the 'T' and the space as two optional literals; require exactly one.
    if (trimmed.length() > 11 && !isSeparator(trimmed.charAt(10), trimmed.charAt(11))) {
      throw new DateTimeParseException(
          "expected 'T' or a space between date and time", trimmed, 10);
    }
    TemporalAccessor parsed = FORMAT.parse(trimmed);
    if (parsed.isSupported(ChronoField.OFFSET_SECONDS)) {
      return OffsetDateTime.from(parsed).toInstant();
    }
    return LocalDateTime.from(parsed).toInstant(ZoneOffset.UTC);
  }

  private static boolean isSeparator(char c, char next) {
    return (c == 'T' || c == 't' || c == ' ') && next >= '0' && next <= '9';
  }

  /** Parses {@code text}, or returns null when it is null or not a timestamp. */
  public static Instant parseOrNull(String text) {
    if (text == null) {
      return null;
    }
    try {
      return parse(text);
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  /** Microseconds since the epoch, the unit Iceberg stores. */
  public static long toMicros(Instant instant) {
    return Math.addExact(
        Math.multiplyExact(instant.getEpochSecond(), 1_000_000L), instant.getNano() / 1_000);
  }

  /** The instant of {@code micros} since the epoch. */
  public static Instant fromMicros(long micros) {
    return Instant.ofEpochSecond(
        Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1_000L);
  }
}
