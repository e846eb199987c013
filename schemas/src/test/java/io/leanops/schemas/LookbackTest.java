package io.leanops.schemas;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class LookbackTest {

  @Test
  void edgeOfWindowIsIncluded() {
    Lookback two = Lookback.months(2);

    assertTrue(two.covers("2026-03", "2026-01"));
    assertTrue(two.covers("2026-01", "2026-03"));
    assertFalse(two.covers("2026-04", "2026-01"));
  }

  @Test
  void windowCrossesTheYearBoundary() {
    assertTrue(Lookback.months(1).covers("2026-01", "2025-12"));
    assertFalse(Lookback.months(1).covers("2026-01", "2025-11"));
  }

  @Test
  void zeroMonthsCoversOnlyTheSamePeriod() {
    assertTrue(Lookback.months(0).covers("2026-01", "2026-01"));
    assertFalse(Lookback.months(0).covers("2026-01", "2026-02"));
  }

  @Test
  void invalidPeriodsAreNeverCovered() {
    assertFalse(Lookback.DEFAULT.covers("2026-13", "2026-01"));
    assertFalse(Lookback.DEFAULT.covers("2026-01", "26-01"));
    assertFalse(Lookback.DEFAULT.covers(null, "2026-01"));
  }

  @Test
  void allCoversEveryDistance() {
    assertTrue(Lookback.ALL.covers("2026-01", "1999-01"));
    assertTrue(Lookback.ALL.isAll());
    assertEquals("all", Lookback.ALL.toString());
    assertThrows(IllegalStateException.class, Lookback.ALL::months);
  }

  @Test
  void defaultIsOneMonth() {
    assertEquals(1, Lookback.DEFAULT.months());
    assertEquals(Lookback.months(1), Lookback.DEFAULT);
  }

  @Test
  void negativeMonthsAreRejectedWithWhatToSet() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Lookback.months(-1));

    assertEquals("lookback_months must be 0 or more, or \"all\"; got -1", e.getMessage());
  }
}
