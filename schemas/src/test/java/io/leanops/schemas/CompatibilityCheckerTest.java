package io.leanops.schemas;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CompatibilityCheckerTest {

  private static TopicSchema withAmount(ColumnSpec amount) {
    return TopicSchema.builder("events", "1.0.0")
        .payload(ColumnSpec.of("user_id", ColumnType.BIGINT).withRequired(true))
        .payload(amount)
        .build();
  }

  private static TopicSchema withAmount(ColumnType type) {
    return withAmount(ColumnSpec.of("amount", type));
  }

  private static TopicSchema base() {
    return TopicSchema.builder("events", "1.0.0")
        .payload(ColumnSpec.of("user_id", ColumnType.BIGINT).withRequired(true))
        .payload("amount", ColumnType.decimal(12, 2))
        .build();
  }

  private static SchemaChange only(CompatibilityReport report) {
    assertEquals(1, report.changes().size(), report.render());
    return report.changes().get(0);
  }

  @ParameterizedTest(name = "{0} → {1} is {2}")
  @CsvSource(
      delimiter = '|',
      value = {
        "INT           | BIGINT        | TYPE_WIDENED          | WIDENING      | safe widening",
        "BIGINT        | INT           | TYPE_NARROWED         | BREAKING      | values outside -2147483648 to 2147483647 would not fit",
        "STRING        | INT           | TYPE_PARSE_RISK       | BREAKING      | parse risk",
        "INT           | STRING        | TYPE_TO_STRING        | FULL_CATCH_UP | cannot promote INT to STRING in place",
        "FLOAT         | DOUBLE        | TYPE_WIDENED          | WIDENING      | safe widening",
        "DOUBLE        | FLOAT         | TYPE_NARROWED         | BREAKING      | narrowing",
        "DECIMAL(10,2) | DECIMAL(12,2) | TYPE_WIDENED          | WIDENING      | safe widening",
        "DECIMAL(12,2) | DECIMAL(10,2) | TYPE_NARROWED         | BREAKING      | precision narrowing; values with more than 8 integer digits would not fit",
        "DECIMAL(10,2) | DECIMAL(10,3) | DECIMAL_SCALE_CHANGED | BREAKING      | scale change",
        "BOOLEAN       | STRING        | TYPE_TO_STRING        | FULL_CATCH_UP | full catch-up",
        "INT           | DOUBLE        | TYPE_INCOMPATIBLE     | BREAKING      | Iceberg cannot promote INT to DOUBLE in place and values may not convert",
        "DATE          | TIMESTAMP     | TYPE_INCOMPATIBLE     | BREAKING      | Iceberg cannot promote DATE to TIMESTAMP in place",
        "BIGINT        | DECIMAL(20,0) | TYPE_INCOMPATIBLE     | BREAKING      | values may not convert",
      })
  void typeChangeIsClassifiedBySpecRules(
      String from, String to, ChangeKind kind, Severity severity, String reason) {
    ColumnType a = ColumnType.parse(from);
    ColumnType b = ColumnType.parse(to);

    CompatibilityReport report = CompatibilityChecker.check(withAmount(a), withAmount(b));

    SchemaChange change = only(report);
    assertEquals(kind, change.type());
    assertEquals(severity, change.severity());
    assertEquals("amount", change.field());
    assertThat(change.message(), startsWith(a + " → " + b + ": "));
    assertThat(change.message(), containsString(reason));
    assertEquals(severity == Severity.BREAKING, report.isBreaking());
    assertEquals(severity == Severity.FULL_CATCH_UP, report.needsFullCatchUp());
    assertEquals(severity != Severity.BREAKING, report.isEnhancement());
  }

  @Test
  void bigintToIntIsBreakingNarrowing() {
    CompatibilityReport report =
        CompatibilityChecker.check(withAmount(ColumnType.BIGINT), withAmount(ColumnType.INT));

    assertTrue(report.isBreaking());
    assertEquals(ChangeKind.TYPE_NARROWED, report.breakingChanges().get(0).type());
  }

  @Test
  void toStringNeedsFullCatchUpButIsNotBreaking() {
    CompatibilityReport report =
        CompatibilityChecker.check(withAmount(ColumnType.INT), withAmount(ColumnType.STRING));

    assertTrue(report.needsFullCatchUp());
    assertFalse(report.isBreaking());
    assertTrue(report.breakingChanges().isEmpty());
  }

  @Test
  void identicalSchemasHaveNoChanges() {
    CompatibilityReport report = CompatibilityChecker.check(base(), base());

    assertTrue(report.isEmpty());
    assertTrue(report.isRemapOnly());
    assertFalse(report.isEnhancement());
    assertEquals("no changes", report.render());
  }

  @Test
  void addingOptionalColumnIsEnhancement() {
    TopicSchema candidate = base().toBuilder().payload("device_os", ColumnType.STRING).build();

    SchemaChange change = only(CompatibilityChecker.check(base(), candidate));

    assertEquals(ChangeKind.COLUMN_ADDED_OPTIONAL, change.type());
    assertEquals(Severity.ENHANCEMENT, change.severity());
    assertEquals("device_os", change.field());
  }

  @Test
  void addingRequiredColumnIsBreaking() {
    TopicSchema candidate =
        base().toBuilder()
            .payload(ColumnSpec.of("device_os", ColumnType.STRING).withRequired(true))
            .build();

    CompatibilityReport report = CompatibilityChecker.check(base(), candidate);

    SchemaChange change = only(report);
    assertEquals(ChangeKind.COLUMN_ADDED_REQUIRED, change.type());
    assertTrue(report.isBreaking());
    assertThat(change.message(), containsString("add it as optional"));
  }

  @Test
  void removingColumnIsBreaking() {
    TopicSchema candidate = base().toBuilder().withoutPayload("amount").build();

    CompatibilityReport report = CompatibilityChecker.check(base(), candidate);

    SchemaChange change = only(report);
    assertEquals(ChangeKind.COLUMN_REMOVED, change.type());
    assertEquals("amount", change.field());
    assertTrue(report.isBreaking());
  }

  @Test
  void removingEnvelopeColumnIsBreaking() {
    List<ColumnSpec> envelope =
        TopicSchema.defaultEnvelope().stream()
            .filter(c -> !c.name().equals(Envelope.LAST_UPDATED_TS))
            .collect(Collectors.toList());
    TopicSchema candidate = base().toBuilder().envelope(envelope).build();

    SchemaChange change = only(CompatibilityChecker.check(base(), candidate));

    assertEquals(ChangeKind.COLUMN_REMOVED, change.type());
    assertEquals(Envelope.LAST_UPDATED_TS, change.field());
  }

  @Test
  void relaxingRequiredToOptionalIsEnhancement() {
    TopicSchema candidate =
        base().toBuilder().payload(ColumnSpec.of("user_id", ColumnType.BIGINT)).build();

    CompatibilityReport report = CompatibilityChecker.check(base(), candidate);

    assertEquals(ChangeKind.COLUMN_MADE_OPTIONAL, only(report).type());
    assertTrue(report.isEnhancement());
  }

  @Test
  void makingOptionalColumnRequiredIsBreaking() {
    TopicSchema old = withAmount(ColumnType.decimal(12, 2));
    TopicSchema candidate =
        withAmount(ColumnSpec.of("amount", ColumnType.decimal(12, 2)).withRequired(true));

    CompatibilityReport report = CompatibilityChecker.check(old, candidate);

    assertEquals(ChangeKind.COLUMN_MADE_REQUIRED, only(report).type());
    assertTrue(report.isBreaking());
  }

  @Test
  void piiFlagChangeNeedsFullCatchUp() {
    TopicSchema old = withAmount(ColumnType.STRING);
    TopicSchema candidate = withAmount(ColumnSpec.of("amount", ColumnType.STRING).withPii(true));

    CompatibilityReport report = CompatibilityChecker.check(old, candidate);

    assertEquals(ChangeKind.PII_CHANGED, only(report).type());
    assertTrue(report.needsFullCatchUp());
    assertFalse(report.isBreaking());
  }

  @Test
  void sourceChangeIsRemapOnly() {
    TopicSchema old = withAmount(ColumnType.decimal(12, 2));
    TopicSchema candidate =
        withAmount(ColumnSpec.of("amount", ColumnType.decimal(12, 2)).withSource("order.total"));

    CompatibilityReport report = CompatibilityChecker.check(old, candidate);

    SchemaChange change = only(report);
    assertEquals(ChangeKind.SOURCE_CHANGED, change.type());
    assertEquals(Severity.REMAP, change.severity());
    assertThat(change.message(), containsString("'order.total'"));
    assertTrue(report.isRemapOnly());
    assertFalse(report.isEnhancement());
  }

  @Test
  void metadataChangesAreRemapOnly() {
    TopicSchema candidate =
        base().toBuilder()
            .version("1.1.0")
            .lookback(Lookback.months(3))
            .driftPolicy(DriftPolicy.CURATE_KNOWN)
            .build();

    CompatibilityReport report = CompatibilityChecker.check(base(), candidate);

    assertEquals(
        List.of(
            ChangeKind.SCHEMA_VERSION_CHANGED,
            ChangeKind.LOOKBACK_CHANGED,
            ChangeKind.DRIFT_POLICY_CHANGED),
        report.changes().stream().map(SchemaChange::type).collect(Collectors.toList()));
    assertTrue(report.isRemapOnly());
    assertFalse(report.isBreaking());
  }

  @Test
  void changeIntentAloneIsNotADifference() {
    TopicSchema candidate = base().toBuilder().changeIntent(TopicSchema.NUCLEAR_RESET).build();

    assertTrue(CompatibilityChecker.check(base(), candidate).isEmpty());
  }

  @Test
  void differentTopicsAreBreaking() {
    TopicSchema other = TopicSchema.builder("orders", "1.0.0")
        .payload(ColumnSpec.of("user_id", ColumnType.BIGINT).withRequired(true))
        .payload("amount", ColumnType.decimal(12, 2))
        .build();

    SchemaChange change = only(CompatibilityChecker.check(base(), other));

    assertEquals(ChangeKind.TOPIC_CHANGED, change.type());
    assertEquals("topic_name", change.field());
    assertThat(change.message(), containsString("schemas of different topics"));
  }

  @Test
  void changesAreOrderedSchemaLevelFirstThenByColumnThenKind() {
    TopicSchema old =
        TopicSchema.builder("events", "1.0.0")
            .payload("zeta", ColumnType.INT)
            .payload("alpha", ColumnType.BIGINT)
            .payload(ColumnSpec.of("mid", ColumnType.STRING))
            .build();
    TopicSchema candidate =
        TopicSchema.builder("events", "2.0.0")
            .payload("alpha", ColumnType.INT)
            .payload(ColumnSpec.of("mid", ColumnType.INT).withRequired(true).withPii(true))
            .payload("beta", ColumnType.STRING)
            .build();

    CompatibilityReport report = CompatibilityChecker.check(old, candidate);

    assertEquals(
        List.of(
            "SCHEMA_VERSION_CHANGED schema_version",
            "TYPE_NARROWED alpha",
            "COLUMN_ADDED_OPTIONAL beta",
            "COLUMN_MADE_REQUIRED mid",
            "TYPE_PARSE_RISK mid",
            "PII_CHANGED mid",
            "COLUMN_REMOVED zeta"),
        report.changes().stream()
            .map(c -> c.type() + " " + c.field())
            .collect(Collectors.toList()));
    assertEquals(report, CompatibilityChecker.check(old, candidate));
  }

  @Test
  void renderGivesOneLineNamingSeverityFieldAndBothTypes() {
    CompatibilityReport report =
        CompatibilityChecker.check(
            withAmount(ColumnType.decimal(12, 2)), withAmount(ColumnType.decimal(10, 2)));

    assertEquals(
        "BREAKING       amount: DECIMAL(12,2) → DECIMAL(10,2): precision narrowing; values with"
            + " more than 8 integer digits would not fit",
        report.render());
  }

  @Test
  void renderListsEveryChangeOnItsOwnLine() {
    TopicSchema candidate =
        base().toBuilder()
            .payload("amount", ColumnType.STRING)
            .payload("device_os", ColumnType.STRING)
            .build();

    String[] lines = CompatibilityChecker.check(base(), candidate).render().split("\n");

    assertEquals(2, lines.length);
    assertThat(lines[0], startsWith("FULL_CATCH_UP  amount: DECIMAL(12,2) → STRING: "));
    assertThat(lines[1], startsWith("ENHANCEMENT    device_os: new optional STRING column"));
  }
}
