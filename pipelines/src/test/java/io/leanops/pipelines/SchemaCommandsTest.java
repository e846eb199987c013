package io.leanops.pipelines;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code leanops schema promote|validate|lint} through {@link Main#run}. */
class SchemaCommandsTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  static final String V1 = schema("1.0.0", "",
      "\"user_id\":{\"type\":\"BIGINT\",\"required\":true},\"event_type\":\"STRING\","
          + "\"amount\":{\"type\":\"DECIMAL(12,2)\"}");
  /** V1 plus two optional columns. */
  static final String V2 = schema("2.0.0", "",
      "\"user_id\":{\"type\":\"BIGINT\",\"required\":true},\"event_type\":\"STRING\","
          + "\"amount\":{\"type\":\"DECIMAL(12,2)\"},\"device_os\":\"STRING\","
          + "\"firmware\":{\"type\":\"INT\"}");
  /** V2 with user_id narrowed to INT and event_type removed, nothing declared. */
  static final String V3_BREAKING = schema("3.0.0", "",
      "\"user_id\":{\"type\":\"INT\",\"required\":true},"
          + "\"amount\":{\"type\":\"DECIMAL(12,2)\"},\"device_os\":\"STRING\","
          + "\"firmware\":{\"type\":\"INT\"}");
  static final String V3_RESET = schema("3.0.0", ",\"change_intent\":\"NUCLEAR_RESET\"",
      "\"user_id\":{\"type\":\"INT\",\"required\":true},"
          + "\"amount\":{\"type\":\"DECIMAL(12,2)\"},\"device_os\":\"STRING\","
          + "\"firmware\":{\"type\":\"INT\"}");
  /** V2 with firmware INT → STRING. */
  static final String V3_TO_STRING = schema("3.0.0", "",
      "\"user_id\":{\"type\":\"BIGINT\",\"required\":true},\"event_type\":\"STRING\","
          + "\"amount\":{\"type\":\"DECIMAL(12,2)\"},\"device_os\":\"STRING\","
          + "\"firmware\":{\"type\":\"STRING\"}");
  /** V1 reading event_type from another JSON path. */
  static final String V1_REMAP = schema("1.0.1", "",
      "\"user_id\":{\"type\":\"BIGINT\",\"required\":true},"
          + "\"event_type\":{\"type\":\"STRING\",\"source\":\"event.kind\"},"
          + "\"amount\":{\"type\":\"DECIMAL(12,2)\"}");
  /** Two problems: an unknown type and an unknown key. */
  static final String UNPARSEABLE = schema("4.0.0", ",\"colour\":\"blue\"",
      "\"user_id\":{\"type\":\"BIGINT\",\"required\":true},\"amount\":\"MONEY\"");

  @TempDir Path dir;

  static String schema(String version, String extra, String payload) {
    return "{\"topic_name\":\"events\",\"schema_version\":\"" + version + "\"" + extra
        + ",\"payload_columns\":{" + payload + "}}\n";
  }

  /** One run's exit code and output. */
  static final class Run {
    int exit;
    String out;
    String err;

    JsonNode lastLine() throws IOException {
      String[] lines = out.trim().split("\n");
      return JSON.readTree(lines[lines.length - 1]);
    }
  }

  static Run leanops(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    Run r = new Run();
    r.exit = Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
    r.out = out.toString(StandardCharsets.UTF_8);
    r.err = err.toString(StandardCharsets.UTF_8);
    return r;
  }

  private Path store() {
    return dir.resolve("store");
  }

  private Path topicDir() {
    return store().resolve("events");
  }

  private void pending(String json) throws IOException {
    Path p = topicDir().resolve("pending/schema.json");
    Files.createDirectories(p.getParent());
    Files.writeString(p, json);
  }

  private Run promote() {
    return leanops("schema", "promote", "--topic=events", "--schemaStore=" + store());
  }

  private List<String> archive() throws IOException {
    Path a = topicDir().resolve("archive");
    if (!Files.isDirectory(a)) {
      return List.of();
    }
    try (Stream<Path> s = Files.list(a)) {
      return s.map(p -> p.getFileName().toString()).sorted().collect(Collectors.toList());
    }
  }

  private String active() throws IOException {
    return Files.readString(topicDir().resolve("active/schema.json"));
  }

  private JsonNode catchUp() throws IOException {
    return JSON.readTree(topicDir().resolve("catchup.json").toFile());
  }

  private Run promoteV1ThenV2() throws IOException {
    pending(V1);
    assertEquals(0, promote().exit);
    pending(V2);
    return promote();
  }

  @Test
  void promoteNewTableWritesActiveAndNoArchive() throws IOException {
    pending(V1);
    Run r = promote();
    assertEquals(0, r.exit, r.err);
    JsonNode line = r.lastLine();
    assertEquals("schema promote", line.get("command").asText());
    assertEquals("events", line.get("topic").asText());
    assertEquals("PROMOTED", line.get("result").asText());
    assertEquals("NEW_TABLE", line.get("classification").asText());
    assertTrue(line.get("reasons").size() > 0);
    assertTrue(line.get("catch_up").isNull());
    assertEquals(V1, active());
    assertEquals(List.of(), archive());
    assertFalse(Files.exists(topicDir().resolve("pending/schema.json")));
    assertFalse(Files.exists(topicDir().resolve("catchup.json")));
  }

  @Test
  void promoteEnhancementArchivesOldVersionAndAsksForDriftCatchUp() throws IOException {
    Run r = promoteV1ThenV2();
    assertEquals(0, r.exit, r.err);
    assertEquals("SCHEMA_EVOLVE", r.lastLine().get("classification").asText());
    assertEquals(V2, active());
    List<String> archived = archive();
    assertEquals(1, archived.size());
    assertTrue(archived.get(0).matches("1\\.0\\.0_\\d{8}_\\d{6}\\.json"), archived.get(0));
    assertEquals(V1, Files.readString(topicDir().resolve("archive").resolve(archived.get(0))));
    JsonNode marker = catchUp();
    assertFalse(marker.get("full").asBoolean());
    assertFalse(marker.get("rebuild_required").asBoolean());
    assertEquals("1.0.0", marker.get("from_version").asText());
    assertEquals("2.0.0", marker.get("to_version").asText());
    assertTrue(marker.get("reason").asText().contains("device_os"), marker.toString());
    assertEquals(marker, r.lastLine().get("catch_up"));
    assertTrue(r.err.contains("--fromDriftLog"), r.err);
  }

  @Test
  void breakingChangeFailsWithEveryErrorAndLeavesActiveAlone() throws IOException {
    promoteV1ThenV2();
    pending(V3_BREAKING);
    Run r = promote();
    assertEquals(1, r.exit, r.err);
    assertEquals("FAILED", r.lastLine().get("result").asText());
    assertEquals("BLOCKED", r.lastLine().get("classification").asText());
    assertEquals(V2, active());
    assertFalse(Files.exists(topicDir().resolve("pending/schema.json")));
    assertEquals(V3_BREAKING, Files.readString(topicDir().resolve("failed/schema.json")));

    JsonNode error = JSON.readTree(topicDir().resolve("failed/error.json").toFile());
    assertEquals("events", error.get("topic").asText());
    assertEquals("3.0.0", error.get("candidate_version").asText());
    assertEquals("2.0.0", error.get("active_version").asText());
    assertTrue(error.get("action_required").asText().contains("NUCLEAR_RESET"));
    List<String> errors = new ArrayList<>();
    for (JsonNode e : error.get("errors")) {
      assertFalse(e.get("message").asText().isBlank());
      errors.add(e.get("type").asText() + " " + e.get("field").asText());
    }
    assertEquals(List.of("COLUMN_REMOVED event_type", "TYPE_NARROWED user_id"), errors);
    assertTrue(r.err.contains("COLUMN_REMOVED event_type"), r.err);
    assertTrue(r.err.contains("TYPE_NARROWED user_id"), r.err);
    assertEquals(1, archive().size());
  }

  @Test
  void unparseableCandidateFailsWithParseErrors() throws IOException {
    promoteV1ThenV2();
    pending(UNPARSEABLE);
    Run r = promote();
    assertEquals(1, r.exit, r.err);
    assertTrue(r.lastLine().get("classification").isNull());
    assertEquals(V2, active());
    JsonNode error = JSON.readTree(topicDir().resolve("failed/error.json").toFile());
    assertEquals("4.0.0", error.get("candidate_version").asText());
    List<String> fields = new ArrayList<>();
    for (JsonNode e : error.get("errors")) {
      assertEquals("PARSE_ERROR", e.get("type").asText());
      fields.add(e.get("field").asText());
    }
    assertTrue(fields.contains("colour"), fields.toString());
    assertTrue(fields.contains("payload_columns.amount"), fields.toString());
    assertTrue(r.err.contains("PARSE_ERROR"), r.err);
  }

  @Test
  void declaredNuclearResetReplacesActiveAndAsksForRebuild() throws IOException {
    promoteV1ThenV2();
    pending(V3_RESET);
    Run r = promote();
    assertEquals(0, r.exit, r.err);
    assertEquals("NUCLEAR_RESET", r.lastLine().get("classification").asText());
    assertEquals(V3_RESET, active());
    assertEquals(2, archive().size());
    JsonNode marker = catchUp();
    assertTrue(marker.get("rebuild_required").asBoolean());
    assertTrue(marker.get("full").asBoolean());
    // merged with the catch-up v2 asked for and that has not run yet
    assertEquals("1.0.0", marker.get("from_version").asText());
    assertEquals("3.0.0", marker.get("to_version").asText());
    assertTrue(r.err.contains("leanops rebuild --topic=events"), r.err);
  }

  @Test
  void aTypeBecomingStringAsksForAFullCatchUp() throws IOException {
    promoteV1ThenV2();
    Files.delete(topicDir().resolve("catchup.json")); // as the catch-up command would
    pending(V3_TO_STRING);
    Run r = promote();
    assertEquals(0, r.exit, r.err);
    assertEquals("SCHEMA_EVOLVE", r.lastLine().get("classification").asText());
    JsonNode marker = catchUp();
    assertTrue(marker.get("full").asBoolean());
    assertFalse(marker.get("rebuild_required").asBoolean());
    assertEquals("2.0.0", marker.get("from_version").asText());
  }

  @Test
  void badInputExitsTwo() throws IOException {
    Run r = leanops("schema", "promote", "--topic=../etc", "--schemaStore=" + store());
    assertEquals(2, r.exit);
    assertTrue(r.err.contains("topic name '../etc' is not allowed"), r.err);
    assertFalse(Files.exists(dir.resolve("etc")));

    assertEquals(2, leanops("schema", "promote", "--schemaStore=" + store()).exit);
    Run none = promote();
    assertEquals(2, none.exit);
    assertTrue(none.err.contains("no pending schema"), none.err);
    assertEquals(2, leanops("schema", "frobnicate").exit);
    assertEquals(2, leanops("schema").exit);
    assertEquals(0, leanops("schema", "--help").exit);
    assertEquals(2, leanops("schema", "validate").exit);
    assertEquals(2, leanops("schema", "validate", dir.resolve("missing.json").toString()).exit);
    assertEquals(2, leanops("schema", "lint", dir.resolve("x.json").toString()).exit);
  }

  @Test
  void validateReportsOkOrEveryProblem() throws IOException {
    Path good = Files.writeString(dir.resolve("events.json"), V1);
    Path bad = Files.writeString(dir.resolve("bad.json"), UNPARSEABLE);
    Run ok = leanops("schema", "validate", good.toString());
    assertEquals(0, ok.exit, ok.err);
    assertTrue(ok.out.startsWith(good + ": OK"), ok.out);
    assertEquals("OK", ok.lastLine().get("result").asText());

    Run invalid = leanops("schema", "validate", bad.toString());
    assertEquals(1, invalid.exit);
    assertTrue(invalid.out.contains(bad + ": INVALID"), invalid.out);
    assertTrue(invalid.out.contains("  colour: unknown key"), invalid.out);
    assertTrue(invalid.out.contains("  payload_columns.amount:"), invalid.out);
  }

  @Test
  void lintAgainstADirectoryClassifiesEachKind() throws IOException {
    Path base = Files.createDirectories(dir.resolve("base"));
    Path head = Files.createDirectories(dir.resolve("head"));
    Files.writeString(base.resolve("evolve.json"), V1);
    Files.writeString(head.resolve("evolve.json"), V2);
    Files.writeString(base.resolve("remap.json"), V1);
    Files.writeString(head.resolve("remap.json"), V1_REMAP);
    Files.writeString(base.resolve("reset.json"), V2);
    Files.writeString(head.resolve("reset.json"), V3_RESET);
    Files.writeString(head.resolve("new.json"), V1);
    Files.writeString(base.resolve("blocked.json"), V2);
    Files.writeString(head.resolve("blocked.json"), V3_BREAKING);
    Files.writeString(head.resolve("invalid.json"), UNPARSEABLE);

    String b = "--base=" + base;
    assertLint(leanops("schema", "lint", b, head.resolve("new.json").toString()), 0, "NEW_TABLE");
    assertLint(leanops("schema", "lint", b, head.resolve("evolve.json").toString()), 0,
        "SCHEMA_EVOLVE");
    assertLint(leanops("schema", "lint", b, head.resolve("remap.json").toString()), 0,
        "PURE_REMAP");
    assertLint(leanops("schema", "lint", b, head.resolve("reset.json").toString()), 0,
        "NUCLEAR_RESET");
    Run blocked = leanops("schema", "lint", "--base", base.toString(),
        head.resolve("blocked.json").toString());
    assertLint(blocked, 1, "BLOCKED");
    assertTrue(blocked.out.contains("\n  event_type: "), blocked.out);
    assertTrue(blocked.out.contains("\n  user_id: "), blocked.out);
    assertLint(leanops("schema", "lint", b, head.resolve("invalid.json").toString()), 1,
        "INVALID");

    // several files: one line each, in order; one blocked file fails the whole run
    Run all = leanops("schema", "lint", b, head.resolve("new.json").toString(),
        head.resolve("evolve.json").toString(), head.resolve("blocked.json").toString());
    assertEquals(1, all.exit);
    List<String> heads = List.of(all.out.split("\n")).stream()
        .filter(l -> !l.startsWith(" ") && !l.startsWith("{")).collect(Collectors.toList());
    assertEquals(List.of(head.resolve("new.json") + ": NEW_TABLE",
        head.resolve("evolve.json") + ": SCHEMA_EVOLVE",
        head.resolve("blocked.json") + ": BLOCKED"), heads);
    assertEquals("FAILED", all.lastLine().get("result").asText());
  }

  private static void assertLint(Run r, int exit, String kind) {
    assertEquals(exit, r.exit, r.out + r.err);
    String first = r.out.split("\n")[0];
    assertTrue(first.endsWith(".json: " + kind), r.out);
    assertTrue(r.out.split("\n")[1].startsWith("  "), "reasons are indented: " + r.out);
  }

  @Test
  void lintAgainstAGitRef() throws Exception {
    Path repo = Files.createDirectories(dir.resolve("repo"));
    Path schemas = Files.createDirectories(repo.resolve("schemas"));
    git(repo, "init", "-q");
    Files.writeString(schemas.resolve("events.json"), V1);
    git(repo, "add", "schemas/events.json");
    git(repo, "-c", "user.name=test", "-c", "user.email=test@example.com", "commit", "-q", "-m",
        "v1");
    Files.writeString(schemas.resolve("events.json"), V2);
    Files.writeString(schemas.resolve("clicks.json"), V1.replace("\"events\"", "\"clicks\""));

    Run r = leanops("schema", "lint", "--base=HEAD", schemas.resolve("events.json").toString(),
        schemas.resolve("clicks.json").toString());
    assertEquals(0, r.exit, r.out + r.err);
    assertTrue(r.out.startsWith(schemas.resolve("events.json") + ": SCHEMA_EVOLVE\n"), r.out);
    assertTrue(r.out.contains(schemas.resolve("clicks.json") + ": NEW_TABLE\n"), r.out);

    // relative paths from the repository root, as CI runs it
    Files.writeString(schemas.resolve("events.json"), V3_BREAKING.replace("3.0.0", "2.0.0"));
    Run blocked = leanopsIn(repo, "schema", "lint", "--base=HEAD", "schemas/events.json");
    assertEquals(1, blocked.exit, blocked.out + blocked.err);

    Run badRef = leanops("schema", "lint", "--base=no-such-branch",
        schemas.resolve("events.json").toString());
    assertEquals(2, badRef.exit);
    assertTrue(badRef.err.contains("neither a directory nor a git ref"), badRef.err);
  }

  /** Runs a lint with paths relative to {@code cwd} by resolving them (the JVM cwd is fixed). */
  private static Run leanopsIn(Path cwd, String... args) {
    String[] resolved = args.clone();
    for (int i = 0; i < resolved.length; i++) {
      if (resolved[i].endsWith(".json")) {
        resolved[i] = cwd.resolve(resolved[i]).toString();
      }
    }
    return leanops(resolved);
  }

  private static void git(Path repo, String... args) throws Exception {
    List<String> command = new ArrayList<>();
    command.add("git");
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(command).directory(repo.toFile()).redirectErrorStream(true)
        .redirectOutput(new File(repo.toFile().getParentFile(), "git.log")).start();
    assertEquals(0, p.waitFor(), "git " + String.join(" ", args));
  }

  @Test
  void storeRootWithTrailingSlashAndRelativeNamesWork() throws IOException {
    pending(V1);
    Run r = leanops("schema", "promote", "--topic", "events", "--schemaStore", store() + "/");
    assertEquals(0, r.exit, r.err);
    assertNull(r.lastLine().get("archived_to").textValue());
  }
}
