package io.leanops.schemas;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class ValueCasterTest {

  private static Object ok(String text, ColumnType type) {
    CastResult r = ValueCaster.cast(text, type);
    assertTrue(r.isOk(), () -> text + " as " + type + ": " + r.reason());
    assertNull(r.reason());
    return r.value();
  }

  private static String fail(String text, ColumnType type) {
    CastResult r = ValueCaster.cast(text, type);
    assertFalse(r.isOk(), () -> text + " as " + type + " should fail, got " + r);
    assertThrows(IllegalStateException.class, r::value);
    return r.reason();
  }

  @ParameterizedTest
  @EnumSource(ColumnType.Kind.class)
  void nullStaysNullForEveryType(ColumnType.Kind kind) {
    ColumnType type =
        kind == ColumnType.Kind.DECIMAL ? ColumnType.decimal(10, 2) : ColumnType.parse(kind.name());

    assertNull(ok(null, type));
  }

  @Test
  void stringKeepsAnyText() {
    assertEquals("  12abc ", ok("  12abc ", ColumnType.STRING));
    assertEquals("", ok("", ColumnType.STRING));
  }

  @Test
  void intAcceptsSignedDigitsInRange() {
    assertEquals(42, ok("42", ColumnType.INT));
    assertEquals(-2147483648, ok("-2147483648", ColumnType.INT));
    assertEquals(2147483647, ok("+2147483647", ColumnType.INT));
  }

  @Test
  void intOutOfRangeSaysTheRange() {
    assertEquals(
        "'2147483648' is out of range for INT (-2147483648 to 2147483647)",
        fail("2147483648", ColumnType.INT));
  }

  @ParameterizedTest
  @ValueSource(strings = {"12abc", "1.5", "", " 12", "1e3", "0x1F"})
  void intRejectsNonIntegers(String text) {
    assertEquals("'" + text + "' is not an integer (INT)", fail(text, ColumnType.INT));
  }

  @Test
  void bigintCoversLongRange() {
    assertEquals(Long.MAX_VALUE, ok("9223372036854775807", ColumnType.BIGINT));
    assertEquals(
        "'9223372036854775808' is out of range for BIGINT (-9223372036854775808 to"
            + " 9223372036854775807)",
        fail("9223372036854775808", ColumnType.BIGINT));
    assertEquals("'12abc' is not an integer (BIGINT)", fail("12abc", ColumnType.BIGINT));
  }

  @Test
  void doubleAcceptsDecimalAndScientificNotation() {
    assertEquals(1.5, ok("1.5", ColumnType.DOUBLE));
    assertEquals(-2.5e10, ok("-2.5E10", ColumnType.DOUBLE));
    assertEquals(0.5, ok(".5", ColumnType.DOUBLE));
  }

  @ParameterizedTest
  @ValueSource(strings = {"NaN", "Infinity", "-Infinity", "1.5d", "abc"})
  void doubleRejectsNonFiniteAndNonDecimalText(String text) {
    assertEquals(
        "'" + text + "' is not a finite decimal number (DOUBLE)", fail(text, ColumnType.DOUBLE));
  }

  @Test
  void doubleOverflowIsOutOfRange() {
    assertEquals("'1e400' is out of range for DOUBLE", fail("1e400", ColumnType.DOUBLE));
  }

  @Test
  void floatRejectsValuesBeyondFloatRange() {
    assertEquals(1.25f, ok("1.25", ColumnType.FLOAT));
    assertEquals("'1e39' is out of range for FLOAT", fail("1e39", ColumnType.FLOAT));
    assertEquals("'NaN' is not a finite decimal number (FLOAT)", fail("NaN", ColumnType.FLOAT));
  }

  @Test
  void decimalKeepsTheDeclaredScale() {
    ColumnType money = ColumnType.decimal(12, 2);

    assertEquals(new BigDecimal("12.30"), ok("12.3", money));
    assertEquals(new BigDecimal("1000.00"), ok("1e3", money));
    assertEquals(new BigDecimal("1.20"), ok("1.2000", money));
    assertEquals(new BigDecimal("-9999999999.99"), ok("-9999999999.99", money));
  }

  @Test
  void decimalWithTooManyFractionDigitsIsNotRounded() {
    assertEquals(
        "'12.345' has more than 2 fraction digits (DECIMAL(12,2)); it would be rounded",
        fail("12.345", ColumnType.decimal(12, 2)));
  }

  @Test
  void decimalWithTooManyIntegerDigitsDoesNotFit() {
    assertEquals(
        "'12345678901' has more than 10 integer digits (DECIMAL(12,2))",
        fail("12345678901", ColumnType.decimal(12, 2)));
  }

  @ParameterizedTest
  @ValueSource(strings = {"NaN", "Infinity", "12abc", "1,5"})
  void decimalRejectsNonNumbers(String text) {
    assertEquals(
        "'" + text + "' is not a decimal number (DECIMAL(12,2))",
        fail(text, ColumnType.decimal(12, 2)));
  }

  @Test
  void booleanIsTrueOrFalseInAnyCase() {
    assertEquals(true, ok("TRUE", ColumnType.BOOLEAN));
    assertEquals(false, ok("false", ColumnType.BOOLEAN));
    assertEquals("'yes' is not a BOOLEAN (expected true or false)", fail("yes", ColumnType.BOOLEAN));
    assertEquals("'1' is not a BOOLEAN (expected true or false)", fail("1", ColumnType.BOOLEAN));
  }

  @Test
  void dateIsStrictIsoDate() {
    assertEquals(LocalDate.of(2024, 2, 29), ok("2024-02-29", ColumnType.DATE));
    assertEquals("'2026-02-30' is not a DATE (expected YYYY-MM-DD)", fail("2026-02-30", ColumnType.DATE));
    assertEquals("'28/01/2026' is not a DATE (expected YYYY-MM-DD)", fail("28/01/2026", ColumnType.DATE));
  }

  @ParameterizedTest(name = "{0} is {1}")
  @CsvSource({
    "2026-01-28T10:00:00Z,            2026-01-28T10:00:00Z",
    "2026-01-28T10:00:00.123456Z,     2026-01-28T10:00:00.123456Z",
    "2026-01-28T11:00:00+01:00,       2026-01-28T10:00:00Z",
    "2026-01-28T05:30:00-0430,        2026-01-28T10:00:00Z",
    "2026-01-28T10:00:00,             2026-01-28T10:00:00Z",
    "2026-01-28 10:00:00,             2026-01-28T10:00:00Z",
    "2026-01-28 10:00:00.5 +01:00,    2026-01-28T09:00:00.500Z",
    "2026-01-28t10:00z,               2026-01-28T10:00:00Z",
  })
  void timestampAcceptsTheFormsOfTimestampsAsUtcInstants(String text, String utc) {
    assertEquals(Instant.parse(utc), ok(text, ColumnType.TIMESTAMP));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "2026-01-28",
        "yesterday",
        "2026-02-30T10:00:00Z",
        "2026-01-28T24:00:00Z",
        "2026-01-2810:00:00",
        "2026-01-28T 10:00:00",
        "1706436000"
      })
  void timestampRejectsOtherTextAndImpossibleDates(String text) {
    String reason = fail(text, ColumnType.TIMESTAMP);

    assertThat(reason, containsString("'" + text + "' is not a TIMESTAMP"));
    assertThat(reason, containsString("2026-01-28T10:00:00Z"));
  }

  @Test
  void longValuesAreShortenedInReasons() {
    String text = "x".repeat(100);

    String reason = fail(text, ColumnType.INT);

    assertEquals("'" + "x".repeat(57) + "...' is not an integer (INT)", reason);
  }
}
