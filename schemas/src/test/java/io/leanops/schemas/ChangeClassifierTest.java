package io.leanops.schemas;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class ChangeClassifierTest {

  private static TopicSchema base() {
    return TopicSchema.builder("events", "1.0.0")
        .payload(ColumnSpec.of("user_id", ColumnType.BIGINT).withRequired(true))
        .payload("amount", ColumnType.decimal(12, 2))
        .payload("device_type", ColumnType.STRING)
        .build();
  }

  @Test
  void noBaseIsNewTable() {
    Classification c = ChangeClassifier.classify(null, base());

    assertEquals(Classification.Kind.NEW_TABLE, c.kind());
    assertEquals(List.of("no base schema: topic 'events' is created with 8 columns"), c.reasons());
    assertNull(c.report());
    assertFalse(c.isBlocked());
  }

  @Test
  void compatibleChangesEvolveTheSchema() {
    TopicSchema candidate =
        base().toBuilder()
            .version("1.1.0")
            .payload("amount", ColumnType.decimal(14, 2))
            .payload("device_os", ColumnType.STRING)
            .build();

    Classification c = ChangeClassifier.classify(base(), candidate);

    assertEquals(Classification.Kind.SCHEMA_EVOLVE, c.kind());
    assertEquals(
        List.of(
            "schema_version: 1.0.0 → 1.1.0: metadata only",
            "amount: DECIMAL(12,2) → DECIMAL(14,2): safe widening; Iceberg promotes the column in"
                + " place",
            "device_os: new optional STRING column: rows already curated hold null in it until"
                + " their periods are caught up"),
        c.reasons());
    assertNotNull(c.report());
    assertFalse(c.isBlocked());
  }

  @Test
  void toStringChangeEvolvesWithFullCatchUpReason() {
    TopicSchema candidate = base().toBuilder().payload("user_id", ColumnType.STRING).build();

    Classification c = ChangeClassifier.classify(base(), candidate);

    assertEquals(Classification.Kind.SCHEMA_EVOLVE, c.kind());
    assertTrue(c.report().needsFullCatchUp());
    assertEquals(3, c.reasons().size(), c.reasons().toString());
    assertThat(c.reasons().get(0), containsString("user_id: BIGINT → STRING"));
    assertThat(c.reasons().get(1), containsString("user_id: required → optional"));
    assertThat(c.reasons().get(2), containsString("catch-up of every period"));
  }

  @Test
  void declaredBreakingChangeIsNuclearReset() {
    TopicSchema candidate =
        base().toBuilder()
            .changeIntent(TopicSchema.NUCLEAR_RESET)
            .payload("amount", ColumnType.decimal(10, 2))
            .build();

    Classification c = ChangeClassifier.classify(base(), candidate);

    assertEquals(Classification.Kind.NUCLEAR_RESET, c.kind());
    assertEquals(2, c.reasons().size(), c.reasons().toString());
    assertEquals(
        "amount: DECIMAL(12,2) → DECIMAL(10,2): precision narrowing; values with more than 8"
            + " integer digits would not fit",
        c.reasons().get(0));
    assertThat(c.reasons().get(1), containsString("the topic is rebuilt"));
    assertFalse(c.isBlocked());
  }

  @Test
  void undeclaredBreakingChangesAreBlockedWithEachReasonAndWhatToDo() {
    TopicSchema candidate =
        base().toBuilder()
            .payload("user_id", ColumnType.INT)
            .withoutPayload("device_type")
            .build();

    Classification c = ChangeClassifier.classify(base(), candidate);

    assertEquals(Classification.Kind.BLOCKED, c.kind());
    assertTrue(c.isBlocked());
    assertEquals(
        List.of(
            "device_type: STRING column removed: CURATED holds data in it and readers may rely on"
                + " it; keep the column (it may be made optional)",
            "user_id: BIGINT → INT: narrowing; values outside -2147483648 to 2147483647 would not"
                + " fit",
            "declare \"change_intent\": \"NUCLEAR_RESET\" to rebuild the topic, or make the"
                + " change compatible"),
        c.reasons());
    assertEquals(2, c.report().breakingChanges().size());
  }

  @Test
  void onlySourceChangesArePureRemap() {
    TopicSchema candidate =
        base().toBuilder()
            .payload(ColumnSpec.of("device_type", ColumnType.STRING).withSource("device.type"))
            .build();

    Classification c = ChangeClassifier.classify(base(), candidate);

    assertEquals(Classification.Kind.PURE_REMAP, c.kind());
    assertEquals(
        List.of(
            "device_type: source (the field 'device_type') → 'device.type': read from another"
                + " JSON path; stored values and types are unchanged"),
        c.reasons());
  }

  @Test
  void identicalSchemaIsPureRemapWithNoColumnChanges() {
    Classification c = ChangeClassifier.classify(base(), base());

    assertEquals(Classification.Kind.PURE_REMAP, c.kind());
    assertEquals(List.of("no column changes"), c.reasons());
    assertTrue(c.report().isEmpty());
  }

  @Test
  void unusedChangeIntentIsNotedOnCompatibleChange() {
    TopicSchema candidate =
        base().toBuilder()
            .changeIntent(TopicSchema.NUCLEAR_RESET)
            .payload("device_os", ColumnType.STRING)
            .build();

    Classification c = ChangeClassifier.classify(base(), candidate);

    assertEquals(Classification.Kind.SCHEMA_EVOLVE, c.kind());
    assertThat(c.reasons().get(c.reasons().size() - 1), containsString("declared but unused"));
  }

  @Test
  void unusedChangeIntentIsNotedOnIdenticalSchema() {
    TopicSchema candidate = base().toBuilder().changeIntent(TopicSchema.NUCLEAR_RESET).build();

    Classification c = ChangeClassifier.classify(base(), candidate);

    assertEquals(Classification.Kind.PURE_REMAP, c.kind());
    assertEquals("no column changes", c.reasons().get(0));
    assertThat(c.reasons().get(1), containsString("declared but unused"));
  }

  @Test
  void differentTopicIsBlockedEvenWithChangeIntent() {
    TopicSchema other =
        TopicSchema.builder("orders", "1.0.0")
            .changeIntent(TopicSchema.NUCLEAR_RESET)
            .payload(ColumnSpec.of("user_id", ColumnType.BIGINT).withRequired(true))
            .payload("amount", ColumnType.decimal(12, 2))
            .payload("device_type", ColumnType.STRING)
            .build();

    Classification c = ChangeClassifier.classify(base(), other);

    assertEquals(Classification.Kind.BLOCKED, c.kind());
    assertThat(c.reasons().get(0), containsString("schemas of different topics"));
    assertThat(c.reasons().get(1), containsString("cannot change its topic_name"));
  }
}
