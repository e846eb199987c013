package io.leanops.schemas;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TopicSchemaParserTest {

  /** The example of SPEC.md §5, verbatim. */
  static final String SPEC_EXAMPLE =
      "{\"topic_name\":\"events\",\"schema_version\":\"2.0.0\",\"lookback_months\":1,"
          + "\"drift_policy\":\"HOLD\",\n"
          + " \"envelope_columns\":{\"message_id\":{\"type\":\"STRING\",\"required\":true},\n"
          + "   \"idempotency_key\":{\"type\":\"STRING\",\"required\":true},\n"
          + "   \"period_reference\":{\"type\":\"STRING\",\"required\":true},\n"
          + "   \"publish_time\":{\"type\":\"TIMESTAMP\",\"required\":true},\n"
          + "   \"last_updated_ts\":{\"type\":\"TIMESTAMP\",\"required\":true}},\n"
          + " \"payload_columns\":{\"user_id\":{\"type\":\"BIGINT\",\"required\":true},"
          + "\"event_type\":\"STRING\",\n"
          + "   \"amount\":{\"type\":\"DECIMAL(12,2)\"},\"device_type\":{\"type\":\"STRING\"},\n"
          + "   \"email\":{\"type\":\"STRING\",\"pii\":true}}}";

  private static List<SchemaProblem> problemsOf(String json) {
    InvalidSchemaException e =
        assertThrows(InvalidSchemaException.class, () -> TopicSchemaParser.parse(json, "bad.json"));
    return e.problems();
  }

  private static Map<String, String> byField(List<SchemaProblem> problems) {
    return problems.stream()
        .collect(Collectors.toMap(SchemaProblem::field, SchemaProblem::message, (a, b) -> a + "|" + b));
  }

  @Test
  void specExampleLoadsWithObjectAndBareTypeColumns() {
    TopicSchema s = TopicSchemaParser.parse(SPEC_EXAMPLE, "events.json");

    assertEquals("events", s.topicName());
    assertEquals("2.0.0", s.schemaVersion());
    assertEquals(Lookback.months(1), s.lookback());
    assertEquals(DriftPolicy.HOLD, s.driftPolicy());
    assertNull(s.changeIntent());
    assertEquals(TopicSchema.defaultEnvelope(), new ArrayList<>(s.envelopeColumns().values()));
    assertEquals(
        List.of("user_id", "event_type", "amount", "device_type", "email"),
        new ArrayList<>(s.payloadColumns().keySet()));
    assertEquals(ColumnSpec.of("user_id", ColumnType.BIGINT).withRequired(true), s.column("user_id"));
    assertEquals(ColumnSpec.of("event_type", ColumnType.STRING), s.column("event_type"));
    assertEquals(ColumnSpec.of("amount", ColumnType.decimal(12, 2)), s.column("amount"));
    assertEquals(ColumnSpec.of("email", ColumnType.STRING).withPii(true), s.column("email"));
  }

  @Test
  void sourcePathAndChangeIntentAreRead() {
    String json =
        "{\"topic_name\":\"events\",\"schema_version\":\"3.0.0\",\"change_intent\":\"NUCLEAR_RESET\","
            + "\"payload_columns\":{\"device_os\":{\"type\":\"STRING\",\"source\":\"device.os.name\"}}}";

    TopicSchema s = TopicSchemaParser.parse(json, "events.json");

    ColumnSpec os = s.column("device_os");
    assertEquals("device.os.name", os.source());
    assertEquals("device_os_name", os.sourceColumn());
    assertEquals(TopicSchema.NUCLEAR_RESET, s.changeIntent());
    assertEquals(TopicSchema.defaultEnvelope(), new ArrayList<>(s.envelopeColumns().values()));
  }

  @Test
  void malformedFileReportsEveryProblemWithPathAndField() {
    String json =
        "{\"schema_version\":\"1.0.0\",\"lookback_months\":-1,\n"
            + " \"payload_columns\":{\"amount\":{\"type\":\"MONEY\"},\n"
            + "   \"user_id\":{\"type\":\"BIGINT\",\"required\":\"yes\"},\n"
            + "   \"Device Type\":\"STRING\"}}";

    List<SchemaProblem> problems = problemsOf(json);

    assertEquals(5, problems.size(), problems.toString());
    assertTrue(problems.stream().allMatch(p -> p.path().equals("bad.json")));
    Map<String, String> byField = byField(problems);
    assertEquals("missing; it is required", byField.get("topic_name"));
    assertThat(byField.get("lookback_months"), containsString("got -1"));
    assertThat(byField.get("payload_columns.amount.type"), containsString("unknown type 'MONEY'"));
    assertThat(byField.get("payload_columns.user_id.required"),
        containsString("must be true or false, got \"yes\""));
    assertThat(byField.get("payload_columns.Device Type"),
        containsString("not a valid column name"));
    assertThat(byField.get("payload_columns.Device Type"), containsString("'device_type'"));
  }

  @Test
  void exceptionMessageListsEveryProblem() {
    InvalidSchemaException e =
        assertThrows(
            InvalidSchemaException.class,
            () -> TopicSchemaParser.parse("{\"lookback_months\":\"x\"}", "bad.json"));

    assertThat(e.getMessage(), containsString("4 problem(s)"));
    assertThat(e.getMessage(), containsString("bad.json: topic_name: missing"));
    assertThat(e.getMessage(), containsString("bad.json: schema_version: missing"));
    assertThat(e.getMessage(), containsString("bad.json: lookback_months:"));
    assertThat(e.getMessage(), containsString("bad.json: payload_columns: missing"));
  }

  @Test
  void invalidJsonIsOneProblemAtTheRootWithItsLine() {
    List<SchemaProblem> problems = problemsOf("{\"topic_name\":\"events\",\n \"schema_version\" 1}");

    assertEquals(1, problems.size());
    assertEquals("$", problems.get(0).field());
    assertThat(problems.get(0).message(), containsString("not valid JSON"));
    assertThat(problems.get(0).message(), containsString("line 2"));
  }

  @Test
  void trailingContentAfterTheSchemaIsInvalidJson() {
    List<SchemaProblem> problems =
        problemsOf("{\"topic_name\":\"events\",\"schema_version\":\"1\",\"payload_columns\":{}}"
            + "\n{\"topic_name\":\"other\"}");

    assertEquals(1, problems.size());
    assertThat(problems.get(0).message(), containsString("not valid JSON"));
  }

  @Test
  void nonObjectRootIsRejected() {
    List<SchemaProblem> problems = problemsOf("[1, 2]");

    assertEquals("$", problems.get(0).field());
    assertThat(problems.get(0).message(), containsString("must be a JSON object"));
  }

  @Test
  void duplicateKeysAreRejected() {
    List<SchemaProblem> problems =
        problemsOf("{\"topic_name\":\"events\",\"schema_version\":\"1\",\"payload_columns\":"
            + "{\"amount\":\"INT\",\"amount\":\"BIGINT\"}}");

    assertEquals(1, problems.size());
    assertThat(problems.get(0).message(), containsString("Duplicate field 'amount'"));
  }

  @Test
  void payloadFieldInEnvelopeIsToldToMove() {
    String json =
        "{\"topic_name\":\"events\",\"schema_version\":\"1\",\"envelope_columns\":"
            + "{\"message_id\":\"STRING\",\"user_id\":\"BIGINT\"},\"payload_columns\":{}}";

    Map<String, String> byField = byField(problemsOf(json));

    assertEquals(1, byField.size(), byField.toString());
    assertThat(byField.get("envelope_columns.user_id"), containsString("move it to payload_columns"));
  }

  @Test
  void envelopeFieldRepeatedInPayloadIsRejected() {
    String json =
        "{\"topic_name\":\"events\",\"schema_version\":\"1\",\"payload_columns\":"
            + "{\"message_id\":\"STRING\"}}";

    Map<String, String> byField = byField(problemsOf(json));

    assertThat(byField.get("payload_columns.message_id"), containsString("declare it once"));
  }

  @Test
  void unknownKeysAndReservedColumnsAreRejected() {
    String json =
        "{\"topic_name\":\"events\",\"schema_version\":\"1\",\"lookback\":2,\"payload_columns\":"
            + "{\"first_seen_ts\":\"TIMESTAMP\",\"amount\":{\"type\":\"INT\",\"nullable\":true}}}";

    Map<String, String> byField = byField(problemsOf(json));

    assertThat(byField.get("lookback"), containsString("unknown key"));
    assertThat(byField.get("payload_columns.amount.nullable"), containsString("unknown key"));
    assertThat(byField.get("payload_columns.first_seen_ts"), containsString("system column"));
  }

  @Test
  void invalidTopicNameDriftPolicyAndChangeIntentAreRejected() {
    String json =
        "{\"topic_name\":\"../etc\",\"schema_version\":\"1\",\"drift_policy\":\"DROP\","
            + "\"change_intent\":\"REBUILD\",\"payload_columns\":{}}";

    Map<String, String> byField = byField(problemsOf(json));

    assertThat(byField.get("topic_name"), containsString("not a valid topic name"));
    assertThat(byField.get("drift_policy"), containsString("\"HOLD\" or \"CURATE_KNOWN\""));
    assertThat(byField.get("change_intent"), containsString("NUCLEAR_RESET"));
  }

  @Test
  void lookbackAllMeansEveryPeriod() {
    String json =
        "{\"topic_name\":\"events\",\"schema_version\":\"1\",\"lookback_months\":\"all\","
            + "\"payload_columns\":{}}";

    TopicSchema s = TopicSchemaParser.parse(json, "events.json");

    assertTrue(s.lookback().isAll());
    assertEquals(Lookback.ALL, s.lookback());
  }

  @Test
  void missingLookbackAndDriftPolicyTakeDefaults() {
    TopicSchema s =
        TopicSchemaParser.parse(
            "{\"topic_name\":\"events\",\"schema_version\":\"1\",\"payload_columns\":{}}", "e.json");

    assertEquals(Lookback.DEFAULT, s.lookback());
    assertEquals(DriftPolicy.HOLD, s.driftPolicy());
    assertTrue(s.payloadColumns().isEmpty());
  }

  @Test
  void toJsonRoundTrips() {
    TopicSchema original =
        TopicSchemaParser.parse(SPEC_EXAMPLE, "events.json").toBuilder()
            .version("2.1.0")
            .lookback(Lookback.ALL)
            .driftPolicy(DriftPolicy.CURATE_KNOWN)
            .changeIntent(TopicSchema.NUCLEAR_RESET)
            .payload(ColumnSpec.of("device_os", ColumnType.STRING).withSource("device.os"))
            .build();

    TopicSchema again = TopicSchemaParser.parse(TopicSchemaParser.toJson(original), "again.json");

    assertEquals(original, again);
  }

  @Test
  void readsFromFileAndNamesTheFileInProblems(@TempDir Path dir) throws Exception {
    Path good = dir.resolve("events.json");
    Files.write(good, SPEC_EXAMPLE.getBytes(StandardCharsets.UTF_8));
    Path bad = dir.resolve("bad.json");
    Files.write(bad, "{}".getBytes(StandardCharsets.UTF_8));

    assertEquals(TopicSchemaParser.parse(SPEC_EXAMPLE, "x"), TopicSchemaParser.read(good));
    InvalidSchemaException e =
        assertThrows(InvalidSchemaException.class, () -> TopicSchemaParser.read(bad));
    assertTrue(e.problems().stream().allMatch(p -> p.path().equals(bad.toString())));
  }

  @Test
  void collectingOverloadAddsProblemsAndReturnsNull() {
    List<SchemaProblem> problems = new ArrayList<>();

    TopicSchema s = TopicSchemaParser.parse("{}", "e.json", problems);

    assertNull(s);
    assertFalse(problems.isEmpty());
    assertEquals(
        List.of("topic_name", "schema_version", "payload_columns"),
        problems.stream().map(SchemaProblem::field).collect(Collectors.toList()));
  }
}
