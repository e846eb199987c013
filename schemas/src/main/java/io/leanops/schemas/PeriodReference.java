package io.leanops.schemas;

import java.util.regex.Pattern;

/**
 * Accounting months written {@code YYYY-MM} (month 01–12). Periods are compared as month indexes
 * ({@code year * 12 + month - 1}) so that a window of months crosses year boundaries correctly.
 */
public final class PeriodReference {
  private static final Pattern FORMAT = Pattern.compile("\\d{4}-(0[1-9]|1[0-2])");

  private PeriodReference() {}

  /** True when {@code text} is a well-formed {@code YYYY-MM} with a month between 01 and 12. */
  public static boolean isValid(String text) {
    return text != null && FORMAT.matcher(text).matches();
  }

  /**
   * Returns the month index of a valid period.
   *
   * @throws IllegalArgumentException when {@code text} is not {@code YYYY-MM}
   */
  public static int monthIndex(String text) {
    if (!isValid(text)) {
      throw new IllegalArgumentException(
          "period_reference '" + text + "' is not YYYY-MM with a month between 01 and 12");
    }
    int year = Integer.parseInt(text.substring(0, 4));
    int month = Integer.parseInt(text.substring(5, 7));
    return year * 12 + month - 1;
  }

  /** The period {@code months} after {@code text} (negative: before). */
  public static String plusMonths(String text, int months) {
    int index = monthIndex(text) + months;
    return String.format("%04d-%02d", Math.floorDiv(index, 12), Math.floorMod(index, 12) + 1);
  }

  /** Number of months from {@code from} to {@code to}; negative when {@code to} is earlier. */
  public static int monthsBetween(String from, String to) {
    return monthIndex(to) - monthIndex(from);
  }
}
