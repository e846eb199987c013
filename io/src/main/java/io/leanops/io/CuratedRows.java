package io.leanops.io;

import io.leanops.schemas.CastResult;
import io.leanops.schemas.ColumnSpec;
import io.leanops.schemas.TopicSchema;
import io.leanops.schemas.TypeMapping;
import io.leanops.schemas.ValueCaster;
import io.leanops.transforms.FlatEvent;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.apache.iceberg.Schema;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.types.Types;

/**
 * CURATED rows (SPEC.md §4.4, §4.7): the schema's columns with their types ({@link TypeMapping}),
 * plus {@code first_seen_ts} and the {@code schema_version} that curated the row. Values are cast
 * with {@link ValueCaster} (already validated by {@code CdeValidate}); {@code pii} columns hold
 * the hex SHA-256 of salt + value.
 */
public final class CuratedRows {
  public static final String FIRST_SEEN_TS = "first_seen_ts";
  public static final String SCHEMA_VERSION = "schema_version";

  private CuratedRows() {}

  /** The CURATED table schema of a topic schema. */
  public static Schema tableSchema(TopicSchema schema) {
    List<Types.NestedField> fields = new ArrayList<>(TypeMapping.toIcebergSchema(schema).columns());
    int next = fields.size() + 1;
    fields.add(Types.NestedField.optional(next, FIRST_SEEN_TS, Types.TimestampType.withZone()));
    fields.add(Types.NestedField.optional(next + 1, SCHEMA_VERSION, Types.StringType.get()));
    return new Schema(fields);
  }

  /**
   * The CURATED record of {@code event} under {@code schema}, written with {@code tableSchema}.
   *
   * @throws IllegalStateException when a value does not cast (CdeValidate should have caught it)
   */
  public static Record toRecord(FlatEvent event, TopicSchema schema, Schema tableSchema,
      long firstSeenMicros, String piiSalt) {
    GenericRecord r = GenericRecord.create(tableSchema);
    for (ColumnSpec c : schema.columns()) {
      String text = event.get(c.sourceColumn());
      if (c.pii()) {
        r.setField(c.name(), text == null ? null : piiDigest(piiSalt, text));
        continue;
      }
      CastResult cast = ValueCaster.cast(text, c.type());
      if (!cast.isOk()) {
        throw new IllegalStateException("message " + event.messageId() + " column " + c.name()
            + ": " + cast.reason() + " (it should have been rejected by CdeValidate)");
      }
      r.setField(c.name(), icebergValue(cast.value()));
    }
    r.setField(FIRST_SEEN_TS, IcebergValues.timestamp(firstSeenMicros));
    r.setField(SCHEMA_VERSION, schema.schemaVersion());
    return r;
  }

  /** Hex SHA-256 of {@code salt} followed by {@code value} (UTF-8). */
  public static String piiDigest(String salt, String value) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      sha.update(salt.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(sha.digest(value.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Object icebergValue(Object value) {
    // Iceberg's generic records hold timestamptz as OffsetDateTime; every other cast value
    // (String, Integer, Long, Float, Double, Boolean, LocalDate, BigDecimal) is already right.
    return value instanceof Instant ? ((Instant) value).atOffset(ZoneOffset.UTC) : value;
  }
}
