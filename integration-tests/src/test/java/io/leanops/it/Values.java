package io.leanops.it;

import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.HexFormat;
import java.util.stream.Collectors;

/**
 * Renders a cell the same way whichever engine's Java type holds it, so rows read by the Iceberg
 * Java reader and by Spark compare as text. Uses only JDK types: it is loaded both by the test's
 * class loader and by the isolated Spark class loader ({@link IsolatedSpark}).
 */
public final class Values {
  private Values() {}

  /** One value as text; timestamps as UTC instants (Iceberg: OffsetDateTime, Spark: Timestamp). */
  public static String render(Object v) {
    if (v == null) {
      return "null";
    } else if (v instanceof OffsetDateTime) {
      return ((OffsetDateTime) v).toInstant().toString();
    } else if (v instanceof Timestamp) {
      return ((Timestamp) v).toInstant().toString();
    } else if (v instanceof Instant) {
      return v.toString();
    } else if (v instanceof BigDecimal) {
      return ((BigDecimal) v).toPlainString();
    } else if (v instanceof ByteBuffer) {
      ByteBuffer b = ((ByteBuffer) v).duplicate();
      byte[] bytes = new byte[b.remaining()];
      b.get(bytes);
      return "0x" + HexFormat.of().formatHex(bytes);
    } else if (v instanceof byte[]) {
      return "0x" + HexFormat.of().formatHex((byte[]) v);
    } else if (v instanceof Collection) {
      return ((Collection<?>) v).stream().map(Values::render)
          .collect(Collectors.joining(",", "[", "]"));
    }
    return v.toString();
  }
}
