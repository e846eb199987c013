package io.leanops.schemas;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import org.junit.jupiter.api.Test;

class TimestampsTest {

  @Test
  void offsetIsConvertedToUtc() {
    assertEquals(
        Instant.parse("2025-12-31T23:30:00Z"), Timestamps.parse("2026-01-01T01:30:00+02:00"));
  }

  @Test
  void impossibleCalendarDateIsRejectedNotClamped() {
    assertThrows(DateTimeParseException.class, () -> Timestamps.parse("2026-02-30T10:00:00Z"));
  }

  @Test
  void dateAndTimeMustBeSeparatedByOneTOrSpace() {
    assertThrows(DateTimeParseException.class, () -> Timestamps.parse("2026-01-2810:00:00"));
    assertThrows(DateTimeParseException.class, () -> Timestamps.parse("2026-01-28T 10:00:00"));
  }

  @Test
  void parseOrNullGivesNullForNullAndGarbage() {
    assertNull(Timestamps.parseOrNull(null));
    assertNull(Timestamps.parseOrNull("not a time"));
    assertEquals(Instant.parse("2026-01-28T10:00:00Z"), Timestamps.parseOrNull("2026-01-28 10:00"));
  }

  @Test
  void microsRoundTripTruncatingNanosAndBeforeEpoch() {
    Instant t = Instant.parse("2026-01-28T10:00:00.123456789Z");

    assertEquals(Instant.parse("2026-01-28T10:00:00.123456Z"),
        Timestamps.fromMicros(Timestamps.toMicros(t)));
    assertEquals(-1L, Timestamps.toMicros(Instant.parse("1969-12-31T23:59:59.999999Z")));
    assertEquals(Instant.parse("1969-12-31T23:59:59.999999Z"), Timestamps.fromMicros(-1L));
  }
}
