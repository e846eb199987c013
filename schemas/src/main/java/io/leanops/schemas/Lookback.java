package io.leanops.schemas;

import java.io.Serializable;

/**
 * How far, in accounting months, curate looks for the original of a correction: a number of months
 * either side of the incoming row's period, or {@link #ALL} periods.
 */
public final class Lookback implements Serializable {
  private static final long serialVersionUID = 1L;

  /** Every period, whatever the distance ({@code "lookback_months": "all"}). */
  public static final Lookback ALL = new Lookback(-1);

  /** The default of SPEC.md §4.6: one month either side. */
  public static final Lookback DEFAULT = new Lookback(1);

  private final int months;

  private Lookback(int months) {
    this.months = months;
  }

  /** A window of {@code months} either side; {@code months} must be 0 or more. */
  public static Lookback months(int months) {
    if (months < 0) {
      throw new IllegalArgumentException(
          "lookback_months must be 0 or more, or \"all\"; got " + months);
    }
    return new Lookback(months);
  }

  public boolean isAll() {
    return months < 0;
  }

  /** The window's half-width in months; only meaningful when {@link #isAll()} is false. */
  public int months() {
    if (isAll()) {
      throw new IllegalStateException("lookback \"all\" has no month count");
    }
    return months;
  }

  /**
   * True when a row of {@code existingPeriod} is a candidate original for an incoming row of
   * {@code incomingPeriod}: both are valid {@code YYYY-MM} and at most {@link #months()} apart (the
   * edge is included), or the lookback is {@link #ALL}.
   */
  public boolean covers(String incomingPeriod, String existingPeriod) {
    if (isAll()) {
      return true;
    }
    if (!PeriodReference.isValid(incomingPeriod) || !PeriodReference.isValid(existingPeriod)) {
      return false;
    }
    return Math.abs(PeriodReference.monthsBetween(incomingPeriod, existingPeriod)) <= months;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Lookback && ((Lookback) o).months == months;
  }

  @Override
  public int hashCode() {
    return Integer.hashCode(months);
  }

  @Override
  public String toString() {
    return isAll() ? "all" : Integer.toString(months);
  }
}
