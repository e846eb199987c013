package io.leanops.schemas;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.Collectors;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.schemas.logicaltypes.FixedPrecisionNumeric;
import org.apache.beam.sdk.schemas.logicaltypes.SqlTypes;
import org.apache.beam.sdk.values.Row;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.Test;

class TypeMappingTest {

  /** One payload column of every type, plus a PII column declared BIGINT. */
  private static TopicSchema everyType() {
    return TopicSchema.builder("events", "1.0.0")
        .payload("s", ColumnType.STRING)
        .payload(ColumnSpec.of("i", ColumnType.INT).withRequired(true))
        .payload("b", ColumnType.BIGINT)
        .payload("f", ColumnType.FLOAT)
        .payload("d", ColumnType.DOUBLE)
        .payload("flag", ColumnType.BOOLEAN)
        .payload("day", ColumnType.DATE)
        .payload("ts", ColumnType.TIMESTAMP)
        .payload("amount", ColumnType.decimal(12, 2))
        .payload(ColumnSpec.of("account", ColumnType.BIGINT).withPii(true))
        .build();
  }

  @Test
  void beamSchemaHasEveryColumnNullableInOrderWithMappedTypes() {
    Schema beam = TypeMapping.toBeamSchema(everyType());

    List<String> names = everyType().columns().stream().map(ColumnSpec::name)
        .collect(Collectors.toList());
    assertEquals(names, beam.getFieldNames());
    assertTrue(beam.getFields().stream().allMatch(f -> f.getType().getNullable()));
    assertEquals(Schema.TypeName.STRING, beam.getField("message_id").getType().getTypeName());
    assertEquals(Schema.TypeName.DATETIME, beam.getField("publish_time").getType().getTypeName());
    assertEquals(Schema.TypeName.STRING, beam.getField("s").getType().getTypeName());
    assertEquals(Schema.TypeName.INT32, beam.getField("i").getType().getTypeName());
    assertEquals(Schema.TypeName.INT64, beam.getField("b").getType().getTypeName());
    assertEquals(Schema.TypeName.FLOAT, beam.getField("f").getType().getTypeName());
    assertEquals(Schema.TypeName.DOUBLE, beam.getField("d").getType().getTypeName());
    assertEquals(Schema.TypeName.BOOLEAN, beam.getField("flag").getType().getTypeName());
    assertEquals(SqlTypes.DATE.getIdentifier(),
        beam.getField("day").getType().getLogicalType().getIdentifier());
    assertEquals(Schema.TypeName.DATETIME, beam.getField("ts").getType().getTypeName());
    assertEquals(Schema.TypeName.STRING, beam.getField("account").getType().getTypeName());
  }

  @Test
  void beamDecimalKeepsPrecisionAndScale() {
    Schema.FieldType amount = TypeMapping.toBeamSchema(everyType()).getField("amount").getType();

    assertEquals(FixedPrecisionNumeric.IDENTIFIER, amount.getLogicalType().getIdentifier());
    Row argument = amount.getLogicalType(FixedPrecisionNumeric.class).getArgument();
    assertEquals(12, (int) argument.getInt32("precision"));
    assertEquals(2, (int) argument.getInt32("scale"));
  }

  @Test
  void icebergSchemaHasOptionalFieldsWithIdsInDeclarationOrder() {
    org.apache.iceberg.Schema iceberg = TypeMapping.toIcebergSchema(everyType());

    List<Types.NestedField> fields = iceberg.columns();
    assertEquals(everyType().columns().size(), fields.size());
    for (int i = 0; i < fields.size(); i++) {
      assertEquals(i + 1, fields.get(i).fieldId());
      assertEquals(everyType().columns().get(i).name(), fields.get(i).name());
      assertTrue(fields.get(i).isOptional(), fields.get(i).name());
    }
  }

  @Test
  void icebergTypesMatchTheMappingTable() {
    org.apache.iceberg.Schema iceberg = TypeMapping.toIcebergSchema(everyType());

    assertEquals(Types.StringType.get(), iceberg.findType("s"));
    assertEquals(Types.IntegerType.get(), iceberg.findType("i"));
    assertEquals(Types.LongType.get(), iceberg.findType("b"));
    assertEquals(Types.FloatType.get(), iceberg.findType("f"));
    assertEquals(Types.DoubleType.get(), iceberg.findType("d"));
    assertEquals(Types.BooleanType.get(), iceberg.findType("flag"));
    assertEquals(Types.DateType.get(), iceberg.findType("day"));
    assertEquals(Types.TimestampType.withZone(), iceberg.findType("ts"));
    assertEquals(Types.TimestampType.withZone(), iceberg.findType("last_updated_ts"));
    assertEquals(Types.DecimalType.of(12, 2), iceberg.findType("amount"));
  }

  @Test
  void piiColumnIsStoredAsString() {
    assertEquals(Types.StringType.get(), TypeMapping.toIcebergSchema(everyType()).findType("account"));
    assertEquals(ColumnType.STRING, everyType().column("account").storedType());
    assertEquals(ColumnType.BIGINT, everyType().column("account").type());
  }
}
