package io.leanops.transforms;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.Assert.assertEquals;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.leanops.schemas.ColumnSpec;
import io.leanops.schemas.ColumnType;
import io.leanops.schemas.DriftPolicy;
import io.leanops.schemas.TopicSchema;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Create;
import org.junit.Rule;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

@RunWith(JUnit4.class)
public class CdeValidateTest {
  @Rule public final transient TestPipeline p = TestPipeline.create();

  /** Envelope (default, all required) then payload, in this order. */
  private static final TopicSchema SCHEMA =
      TopicSchema.builder("events", "2.0.0")
          .payload(ColumnSpec.of("user_id", ColumnType.BIGINT).withRequired(true))
          .payload(ColumnSpec.of("event_type", ColumnType.STRING).withRequired(true))
          .payload("amount", ColumnType.decimal(12, 2))
          .payload("quantity", ColumnType.INT)
          .payload("shipped_at", ColumnType.TIMESTAMP)
          .payload(ColumnSpec.of("device_kind", ColumnType.STRING).withSource("device.type"))
          .build();

  private static Events.FlatBuilder validRow(String messageId) {
    return Events.flat(messageId)
        .col("topic_name", "events")
        .key("txn-" + messageId)
        .period("2026-01")
        .published("2026-01-28T10:00:00Z")
        .updated("2026-01-28T10:00:00Z")
        .col("user_id", "1001")
        .col("event_type", "purchase")
        .col("amount", "100.00")
        .col("quantity", "3")
        .col("shipped_at", "2026-01-29 08:00:00")
        .col("device_type", "phone");
  }

  private static List<String> violations(FlatEvent e) {
    return CdeValidate.violations(e, SCHEMA);
  }

  private static List<String> columnsNamed(List<String> violations) {
    List<String> names = new ArrayList<>();
    for (String v : violations) {
      names.add(v.substring(0, v.indexOf(':')));
    }
    return names;
  }

  // ---- violations (the rules) ----

  @Test
  public void validRowHasNoViolations() {
    assertThat(violations(validRow("m1").build()), empty());
  }

  @Test
  public void missingRequiredColumnIsAViolation() {
    List<String> v = violations(validRow("m1").col("user_id", null).build());
    assertThat(v, hasSize(1));
    assertThat(v.get(0), startsWith("user_id:"));
    assertThat(v.get(0), containsString("missing"));
  }

  @Test
  public void absentRequiredColumnIsAViolation() {
    FlatEvent row = validRow("m1").build();
    TreeMap<String, String> cols = new TreeMap<>(row.columns());
    cols.remove("event_type");
    List<String> v = violations(row.withColumns(cols));
    assertThat(columnsNamed(v), contains("event_type"));
  }

  @Test
  public void emptyRequiredColumnIsAViolation() {
    List<String> v = violations(validRow("m1").col("event_type", "").build());
    assertThat(v, hasSize(1));
    assertThat(v.get(0), startsWith("event_type:"));
    assertThat(v.get(0), containsString("empty"));
  }

  @Test
  public void missingOptionalColumnIsFine() {
    assertThat(violations(validRow("m1").col("amount", null).col("quantity", null).build()),
        empty());
  }

  @Test
  public void intWithTrailingLettersDoesNotCast() {
    assertThat(columnsNamed(violations(validRow("m1").col("quantity", "12abc").build())),
        contains("quantity"));
  }

  @Test
  public void intOutOfRangeDoesNotCast() {
    assertThat(columnsNamed(violations(validRow("m1").col("quantity", "2147483648").build())),
        contains("quantity"));
  }

  @Test
  public void decimalWithTooManyIntegerDigitsDoesNotCast() {
    // DECIMAL(12,2) leaves 10 integer digits.
    assertThat(violations(validRow("m1").col("amount", "9999999999.99").build()), empty());
    assertThat(columnsNamed(violations(validRow("m1").col("amount", "12345678901.00").build())),
        contains("amount"));
  }

  @Test
  public void decimalWithTooManyFractionDigitsDoesNotCast() {
    assertThat(columnsNamed(violations(validRow("m1").col("amount", "1.005").build())),
        contains("amount"));
  }

  @Test
  public void garbageTimestampDoesNotCast() {
    assertThat(columnsNamed(violations(validRow("m1").col("shipped_at", "yesterday").build())),
        contains("shipped_at"));
    assertThat(columnsNamed(violations(validRow("m1").updated("2026-02-30T10:00:00Z").build())),
        contains("last_updated_ts"));
  }

  @Test
  public void bigintThatIsNotAnIntegerDoesNotCast() {
    assertThat(columnsNamed(violations(validRow("m1").col("user_id", "10.5").build())),
        contains("user_id"));
  }

  @Test
  public void periodWithMonthThirteenIsRejected() {
    assertThat(columnsNamed(violations(validRow("m1").period("2026-13").build())),
        contains("period_reference"));
  }

  @Test
  public void periodWithTwoDigitYearIsRejected() {
    assertThat(columnsNamed(violations(validRow("m1").period("26-01").build())),
        contains("period_reference"));
  }

  @Test
  public void periodWithFullDateIsRejected() {
    assertThat(columnsNamed(violations(validRow("m1").period("2026-01-15").build())),
        contains("period_reference"));
  }

  @Test
  public void everyViolationOfARowIsListedInSchemaColumnOrder() {
    FlatEvent row = validRow("m1")
        .col("device_type", "tablet")
        .col("shipped_at", "soon")
        .col("quantity", "many")
        .col("amount", "1.234")
        .col("event_type", "")
        .col("user_id", null)
        .updated("later")
        .period("2026-00")
        .key(null)
        .build();
    assertThat(columnsNamed(violations(row)), contains("idempotency_key", "period_reference",
        "last_updated_ts", "user_id", "event_type", "amount", "quantity", "shipped_at"));
  }

  @Test
  public void periodFormatIsCheckedEvenWhenTheSchemaDoesNotListPeriodReference() {
    TopicSchema noEnvelope = TopicSchema.builder("events", "1.0.0").envelope(List.of())
        .payload("quantity", ColumnType.INT).build();
    FlatEvent row = validRow("m1").period("2026-13").col("quantity", "x").build();
    assertThat(columnsNamed(CdeValidate.violations(row, noEnvelope)),
        contains("quantity", "period_reference"));
  }

  @Test
  public void sourceMappedColumnIsReadFromItsFlattenedSourceColumn() {
    TopicSchema schema = TopicSchema.builder("events", "1.0.0")
        .payload(ColumnSpec.of("device_kind", ColumnType.INT).withRequired(true)
            .withSource("device.type"))
        .build();
    FlatEvent base = validRow("m1").build();
    TreeMap<String, String> cols = new TreeMap<>(base.columns());
    cols.put("device_type", "7");
    assertThat(CdeValidate.violations(base.withColumns(cols), schema), empty());
    cols.put("device_type", "phone");
    assertThat(columnsNamed(CdeValidate.violations(base.withColumns(cols), schema)),
        contains("device_kind"));
    cols.remove("device_type");
    cols.put("device_kind", "7");
    assertThat(columnsNamed(CdeValidate.violations(base.withColumns(cols), schema)),
        contains("device_kind"));
  }

  // ---- the transform ----

  private static Map<String, String> registeredOnly(FlatEvent e) {
    TreeMap<String, String> known = new TreeMap<>();
    for (Map.Entry<String, String> c : e.columns().entrySet()) {
      if (SCHEMA.registeredSourceColumns().contains(c.getKey())) {
        known.put(c.getKey(), c.getValue());
      }
    }
    return known;
  }

  @Test
  public void validRowPassesWithOnlyRegisteredColumns() {
    FlatEvent row = validRow("m1").col("unknown_but_null", null).build();
    FlatEvent expected = row.withColumns(new TreeMap<>(registeredOnly(row)));
    FailSafeResult<FlatEvent> r = p.apply(Create.of(row)).apply(CdeValidate.against(SCHEMA));
    PAssert.that(r.output()).containsInAnyOrder(expected);
    PAssert.that(r.failures()).empty();
    p.run();
    // the row is the same apart from the dropped null column
    assertEquals(row.columns().size() - 1, expected.columns().size());
  }

  @Test
  public void nullValuedUnknownColumnIsNotDrift() {
    FlatEvent row = validRow("m1").col("brand_new", null).build();
    FailSafeResult<FlatEvent> r = p.apply(Create.of(row))
        .apply(CdeValidate.against(SCHEMA).withDriftPolicy(DriftPolicy.HOLD));
    PAssert.that(r.failures()).empty();
    PAssert.that(r.output()).satisfies(out -> {
      FlatEvent e = out.iterator().next();
      assertEquals("m1", e.messageId());
      assertEquals(false, e.columns().containsKey("brand_new"));
      return null;
    });
    p.run();
  }

  @Test
  public void driftUnderHoldIsHeldAsSchemaDriftListingTheColumns() {
    FlatEvent row = validRow("m1").col("promo_code", "X1").col("coupon", "").build();
    FailSafeResult<FlatEvent> r = p.apply(Create.of(row)).apply(CdeValidate.against(SCHEMA));
    PAssert.that(r.output()).empty();
    PAssert.that(r.failures()).satisfies(failures -> {
      RejectedEvent f = failures.iterator().next();
      assertEquals(ErrorType.SCHEMA_DRIFT, f.errorType());
      assertThat(columnsNamed(f.violations()), contains("coupon", "promo_code"));
      assertEquals("m1", f.messageId());
      assertEquals("txn-m1", f.idempotencyKey());
      assertEquals("2026-01", f.periodReference());
      assertEquals("events", f.topicName());
      return null;
    });
    p.run();
  }

  @Test
  public void driftUnderCurateKnownPassesWithoutTheUnknownColumn() {
    FlatEvent row = validRow("m1").col("promo_code", "X1").build();
    FlatEvent expected = row.withColumns(new TreeMap<>(registeredOnly(row)));
    TopicSchema curateKnown = SCHEMA.toBuilder().driftPolicy(DriftPolicy.CURATE_KNOWN).build();
    FailSafeResult<FlatEvent> r = p.apply(Create.of(row)).apply(CdeValidate.against(curateKnown));
    PAssert.that(r.output()).containsInAnyOrder(expected);
    PAssert.that(r.failures()).empty();
    p.run();
  }

  @Test
  public void withDriftPolicyOverridesTheSchemaPolicy() {
    FlatEvent row = validRow("m1").col("promo_code", "X1").build();
    FailSafeResult<FlatEvent> r = p.apply(Create.of(row))
        .apply(CdeValidate.against(SCHEMA).withDriftPolicy(DriftPolicy.CURATE_KNOWN));
    PAssert.that(r.failures()).empty();
    PAssert.that(r.output()).containsInAnyOrder(
        row.withColumns(new TreeMap<>(registeredOnly(row))));
    p.run();
  }

  @Test
  public void sourceMappedColumnIsRegisteredAndKeptNotDrift() {
    FlatEvent row = validRow("m1").col("device_type", "phone").build();
    FailSafeResult<FlatEvent> r = p.apply(Create.of(row)).apply(CdeValidate.against(SCHEMA));
    PAssert.that(r.failures()).empty();
    PAssert.that(r.output()).satisfies(out -> {
      assertEquals("phone", out.iterator().next().get("device_type"));
      return null;
    });
    p.run();
  }

  @Test
  public void cdeFailureListsEveryViolationAndCarriesTheRowAsJson() {
    FlatEvent row = validRow("m9").col("user_id", "abc").col("quantity", "12abc")
        .period("2026-13").col("note", null).build();
    FailSafeResult<FlatEvent> r = p.apply(Create.of(row)).apply(CdeValidate.against(SCHEMA));
    PAssert.that(r.output()).empty();
    PAssert.that(r.failures()).satisfies(failures -> {
      RejectedEvent f = failures.iterator().next();
      assertEquals(ErrorType.CDE_VIOLATION, f.errorType());
      assertThat(columnsNamed(f.violations()),
          contains("period_reference", "user_id", "quantity"));
      assertEquals("m9", f.messageId());
      assertEquals("txn-m9", f.idempotencyKey());
      assertEquals("2026-13", f.periodReference());
      assertEquals(row.columns(), parseJsonObject(f.payload()));
      return null;
    });
    p.run();
  }

  @Test
  public void nothingIsDroppedSilently() {
    List<FlatEvent> rows = List.of(
        validRow("ok").build(),
        validRow("bad").col("user_id", "x").build(),
        validRow("drift").col("extra", "1").build());
    FailSafeResult<FlatEvent> r = p.apply(Create.of(rows)).apply(CdeValidate.against(SCHEMA));
    PAssert.that(r.output()).satisfies(out -> {
      assertEquals("ok", out.iterator().next().messageId());
      return null;
    });
    PAssert.that(r.failures()).satisfies(failures -> {
      Map<String, ErrorType> byId = new TreeMap<>();
      failures.forEach(f -> byId.put(f.messageId(), f.errorType()));
      assertEquals(Map.of("bad", ErrorType.CDE_VIOLATION, "drift", ErrorType.SCHEMA_DRIFT), byId);
      return null;
    });
    p.run();
  }

  private static Map<String, String> parseJsonObject(String json) {
    try {
      return new ObjectMapper().readValue(json, STRING_MAP);
    } catch (Exception e) {
      throw new AssertionError("not a JSON object of strings: " + json, e);
    }
  }

  private static final TypeReference<Map<String, String>> STRING_MAP =
      new TypeReference<Map<String, String>>() {};

  @Test(expected = IllegalArgumentException.class)
  public void refusesToValidateWithoutASchema() {
    CdeValidate.against(null);
  }
}
