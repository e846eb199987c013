package io.leanops.io;

import io.leanops.schemas.Timestamps;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/** Java values of Iceberg's generic records for the types this project writes. */
public final class IcebergValues {
  private IcebergValues() {}

  /** A {@code timestamptz} value (UTC) of {@code micros} since the epoch. */
  public static OffsetDateTime timestamp(long micros) {
    return Timestamps.fromMicros(micros).atOffset(ZoneOffset.UTC);
  }

  /** Micros since the epoch of a {@code timestamptz} value. */
  public static long micros(OffsetDateTime value) {
    return Timestamps.toMicros(value.toInstant());
  }
}
