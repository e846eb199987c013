package io.leanops.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.leanops.io.CatalogConfig;
import io.leanops.io.LakehouseTables;
import io.leanops.pipelines.Main;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.io.CloseableIterable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The old system's three-day story, through the command line as an operator runs it, with the
 * counts it expects: v1 events curated; new fields drift and are held; v2 promoted and the drifted
 * period caught up; more v2 events flow; a breaking v3 is refused with every error listed.
 */
class ThreeDayStoryIT {
  private static final String TOPIC = "events";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String V1 =
      "{\"topic_name\":\"events\",\"schema_version\":\"1.0.0\",\"payload_columns\":{"
          + "\"user_id\":{\"type\":\"BIGINT\",\"required\":true},\"event_type\":\"STRING\","
          + "\"amount\":\"DECIMAL(12,2)\"}}";
  private static final String V2 =
      "{\"topic_name\":\"events\",\"schema_version\":\"2.0.0\",\"payload_columns\":{"
          + "\"user_id\":{\"type\":\"BIGINT\",\"required\":true},\"event_type\":\"STRING\","
          + "\"amount\":\"DECIMAL(12,2)\",\"device_type\":\"STRING\","
          + "\"browser_version\":\"STRING\"}}";
  /** BIGINT → INT and event_type removed, not declared: must be refused. */
  private static final String V3 =
      "{\"topic_name\":\"events\",\"schema_version\":\"3.0.0\",\"payload_columns\":{"
          + "\"user_id\":{\"type\":\"INT\",\"required\":true},\"amount\":\"DECIMAL(12,2)\","
          + "\"device_type\":\"STRING\",\"browser_version\":\"STRING\"}}";

  @TempDir Path dir;

  private Path warehouse() {
    return dir.resolve("lakehouse");
  }

  private Path store() {
    return dir.resolve("schemas");
  }

  /** Runs one command; asserts its exit code; returns its last stdout line as JSON. */
  private JsonNode leanops(int expectedExit, String... args) throws IOException {
    List<String> all = new ArrayList<>(List.of(args));
    if (!args[0].equals("schema")) {
      all.add("--warehouse=" + warehouse());
    }
    all.add("--schemaStore=" + store());
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int exit = Main.run(all.toArray(new String[0]), new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
    String stdout = out.toString(StandardCharsets.UTF_8).trim();
    assertEquals(expectedExit, exit, String.join(" ", args) + "\nstdout: " + stdout + "\nstderr: "
        + err.toString(StandardCharsets.UTF_8));
    String[] lines = stdout.split("\n");
    return JSON.readTree(lines[lines.length - 1]);
  }

  private void promote(String schema) throws IOException {
    Path pending = store().resolve(TOPIC).resolve("pending");
    Files.createDirectories(pending);
    Files.writeString(pending.resolve("schema.json"), schema);
  }

  private void day(String name, List<String> lines) throws IOException {
    Path file = dir.resolve(name + ".jsonl");
    Files.write(file, (String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8));
    leanops(0, "ingest", "--topic=" + TOPIC, "--input=" + file);
    leanops(0, "standardize", "--topic=" + TOPIC);
    leanops(0, "curate", "--topic=" + TOPIC, "--piiSalt=story");
  }

  private static String event(String id, String period, String extra) {
    return "{\"message_id\":\"" + id + "\",\"idempotency_key\":\"" + id
        + "\",\"period_reference\":\"" + period + "\",\"publish_time\":\"" + period
        + "-15T10:00:00Z\",\"last_updated_ts\":\"" + period + "-15T10:00:00Z\","
        + "\"user_id\":\"42\",\"event_type\":\"view\",\"amount\":\"1.00\"" + extra + "}";
  }

  private List<Record> rows(TableIdentifier id) throws IOException {
    List<Record> rows = new ArrayList<>();
    var table = CatalogConfig.hadoop(warehouse().toString()).load().loadTable(id);
    try (CloseableIterable<Record> it = IcebergGenerics.read(table).build()) {
      it.forEach(r -> rows.add(r.copy()));
    }
    return rows;
  }

  private long curated(Predicate<Record> p) throws IOException {
    return rows(LakehouseTables.curated(TOPIC)).stream().filter(p).count();
  }

  @Test
  void theThreeDayStory() throws Exception {
    // Day 1: schema v1 registered, 10,000 v1 events
    promote(V1);
    assertEquals("NEW_TABLE", leanops(0, "schema", "promote", "--topic=" + TOPIC)
        .get("classification").asText());
    List<String> day1 = new ArrayList<>();
    for (int i = 0; i < 10_000; i++) {
      day1.add(event("d1-" + i, i % 2 == 0 ? "2026-01" : "2026-02", ""));
    }
    day("day1", day1);
    assertEquals(10_000, curated(r -> true));
    assertTrue(rows(LakehouseTables.DRIFT_LOG).isEmpty());

    // Day 2: 5,000 events with device_type and browser_version
    List<String> day2 = new ArrayList<>();
    for (int i = 0; i < 5_000; i++) {
      day2.add(event("d2-" + i, "2026-02",
          ",\"device_type\":\"phone\",\"browser_version\":\"12" + (i % 10) + "\""));
    }
    day("day2", day2);
    List<Record> std = rows(LakehouseTables.standardized(TOPIC));
    assertEquals(15_000, std.size());
    assertEquals(5_000, std.stream().filter(r -> r.getField("device_type") != null).count());
    List<Record> drift = rows(LakehouseTables.DRIFT_LOG);
    assertEquals(1, drift.size());
    assertEquals(List.of("browser_version", "device_type"), drift.get(0).getField("drifted_columns"));
    assertEquals(10_000, curated(r -> true), "5,000 held");

    // Day 3: promote v2, catch up the drifted period
    promote(V2);
    JsonNode promoted = leanops(0, "schema", "promote", "--topic=" + TOPIC);
    assertEquals("SCHEMA_EVOLVE", promoted.get("classification").asText());
    JsonNode caughtUp = leanops(0, "catchup", "--topic=" + TOPIC, "--piiSalt=story");
    assertEquals(5_000, caughtUp.get("inserted").asLong());
    assertEquals(15_000, curated(r -> true));
    assertEquals(10_000, curated(r -> r.getField("device_type") == null));
    assertEquals(5_000, curated(r -> "phone".equals(r.getField("device_type"))));
    JsonNode status = leanops(0, "status", "--topic=" + TOPIC);
    assertEquals("ENABLED", status.get("flow").asText());
    assertEquals("READY", status.get("status").asText());

    // then 1,000 more v2 events
    List<String> day3 = new ArrayList<>();
    for (int i = 0; i < 1_000; i++) {
      day3.add(event("d3-" + i, "2026-03", ",\"device_type\":\"tablet\""));
    }
    day("day3", day3);
    assertEquals(16_000, curated(r -> true));
    assertEquals(0, leanops(0, "reconcile", "--topic=" + TOPIC).get("checks").findValues("gap")
        .stream().mapToLong(JsonNode::asLong).sum());

    // a breaking v3 is refused: failed/ with both errors, active still v2
    promote(V3);
    JsonNode refused = leanops(1, "schema", "promote", "--topic=" + TOPIC);
    assertEquals("FAILED", refused.get("result").asText());
    JsonNode error = JSON.readTree(store().resolve(TOPIC).resolve("failed").resolve("error.json")
        .toFile());
    List<String> fields = new ArrayList<>();
    error.get("errors").forEach(e -> fields.add(e.get("field").asText() + ":"
        + e.get("type").asText()));
    assertEquals(2, fields.size(), fields.toString());
    assertTrue(fields.stream().anyMatch(f -> f.startsWith("user_id:")), fields.toString());
    assertTrue(fields.stream().anyMatch(f -> f.startsWith("event_type:")), fields.toString());
    assertTrue(Files.readString(store().resolve(TOPIC).resolve("active").resolve("schema.json"))
        .contains("\"2.0.0\""), "active still v2");
  }
}
