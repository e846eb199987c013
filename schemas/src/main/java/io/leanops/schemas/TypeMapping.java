package io.leanops.schemas;

import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.schemas.logicaltypes.FixedPrecisionNumeric;
import org.apache.beam.sdk.schemas.logicaltypes.SqlTypes;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.Types;

/**
 * The one place where schema-contract types become Beam and Iceberg types.
 *
 * <table>
 *   <caption>Type mapping</caption>
 *   <tr><th>contract</th><th>Beam {@code FieldType}</th><th>Iceberg type</th></tr>
 *   <tr><td>STRING</td><td>STRING</td><td>string</td></tr>
 *   <tr><td>INT</td><td>INT32</td><td>int</td></tr>
 *   <tr><td>BIGINT</td><td>INT64</td><td>long</td></tr>
 *   <tr><td>FLOAT</td><td>FLOAT</td><td>float</td></tr>
 *   <tr><td>DOUBLE</td><td>DOUBLE</td><td>double</td></tr>
 *   <tr><td>BOOLEAN</td><td>BOOLEAN</td><td>boolean</td></tr>
 *   <tr><td>DATE</td><td>logical {@code SqlTypes.DATE}</td><td>date</td></tr>
 *   <tr><td>TIMESTAMP</td><td>DATETIME</td><td>timestamptz (microseconds, UTC)</td></tr>
 *   <tr><td>DECIMAL(p,s)</td><td>logical {@code FixedPrecisionNumeric(p,s)}</td><td>decimal(p,s)</td></tr>
 * </table>
 *
 * <p>Table schemas use a column's {@link ColumnSpec#storedType()} (PII columns are STRING digests).
 * Every column is nullable in the table schema: required-ness is enforced by {@code CdeValidate}
 * before writing, so relaxing a column later never needs a table rewrite.
 */
public final class TypeMapping {
  private TypeMapping() {}

  public static Schema.FieldType beamType(ColumnType type) {
    switch (type.kind()) {
      case STRING: return Schema.FieldType.STRING;
      case INT: return Schema.FieldType.INT32;
      case BIGINT: return Schema.FieldType.INT64;
      case FLOAT: return Schema.FieldType.FLOAT;
      case DOUBLE: return Schema.FieldType.DOUBLE;
      case BOOLEAN: return Schema.FieldType.BOOLEAN;
      case DATE: return Schema.FieldType.logicalType(SqlTypes.DATE);
      case TIMESTAMP: return Schema.FieldType.DATETIME;
      case DECIMAL:
        return Schema.FieldType.logicalType(FixedPrecisionNumeric.of(type.precision(), type.scale()));
      default: throw new IllegalStateException("unhandled type " + type);
    }
  }

  public static Type icebergType(ColumnType type) {
    switch (type.kind()) {
      case STRING: return Types.StringType.get();
      case INT: return Types.IntegerType.get();
      case BIGINT: return Types.LongType.get();
      case FLOAT: return Types.FloatType.get();
      case DOUBLE: return Types.DoubleType.get();
      case BOOLEAN: return Types.BooleanType.get();
      case DATE: return Types.DateType.get();
      case TIMESTAMP: return Types.TimestampType.withZone();
      case DECIMAL: return Types.DecimalType.of(type.precision(), type.scale());
      default: throw new IllegalStateException("unhandled type " + type);
    }
  }

  /** The Beam schema of a topic's curated columns (envelope then payload, nullable). */
  public static Schema toBeamSchema(TopicSchema schema) {
    Schema.Builder b = Schema.builder();
    for (ColumnSpec c : schema.columns()) {
      b.addField(Schema.Field.nullable(c.name(), beamType(c.storedType())));
    }
    return b.build();
  }

  /**
   * The Iceberg schema of a topic's curated columns (envelope then payload, optional), with field
   * ids assigned from 1 in declaration order.
   */
  public static org.apache.iceberg.Schema toIcebergSchema(TopicSchema schema) {
    List<Types.NestedField> fields = new ArrayList<>();
    int id = 1;
    for (ColumnSpec c : schema.columns()) {
      fields.add(Types.NestedField.optional(id++, c.name(), icebergType(c.storedType())));
    }
    return new org.apache.iceberg.Schema(fields);
  }
}
