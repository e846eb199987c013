package io.leanops.schemas;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PeriodReferenceTest {

  @ParameterizedTest
  @ValueSource(strings = {"2026-01", "2026-12", "1999-09"})
  void wellFormedPeriodsAreValid(String period) {
    assertTrue(PeriodReference.isValid(period));
  }

  @ParameterizedTest
  @ValueSource(strings = {"2026-13", "2026-00", "26-01", "2026-1", "2026/01", "2026-01-01", ""})
  void malformedPeriodsAreInvalid(String period) {
    assertFalse(PeriodReference.isValid(period));
  }

  @Test
  void nullIsInvalid() {
    assertFalse(PeriodReference.isValid(null));
  }

  @Test
  void yearBoundaryIsOneMonth() {
    assertEquals(1, PeriodReference.monthsBetween("2025-12", "2026-01"));
    assertEquals(-1, PeriodReference.monthsBetween("2026-01", "2025-12"));
  }

  @Test
  void plusMonthsCrossesYearsBothWays() {
    assertEquals("2026-01", PeriodReference.plusMonths("2025-12", 1));
    assertEquals("2025-11", PeriodReference.plusMonths("2026-01", -2));
    assertEquals("2027-03", PeriodReference.plusMonths("2026-03", 12));
  }

  @Test
  void monthIndexOfInvalidPeriodSaysTheFormat() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> PeriodReference.monthIndex("2026-13"));

    assertEquals(
        "period_reference '2026-13' is not YYYY-MM with a month between 01 and 12",
        e.getMessage());
  }
}
