package io.leanops.pipelines;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.leanops.io.CatalogConfig;
import io.leanops.io.LakehouseTables;
import io.leanops.io.RunCounts;
import io.leanops.io.RunRecord;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad input (SPEC.md §2, §3, §8): every odd line gets a clear outcome — a RAW row, and then a
 * STANDARDIZED row or a parse_errors row — and a bad path or option gets a clear error and exit
 * code 2. Nothing crashes a run, nothing is lost, and every run's counts balance.
 */
class BadInputTest {
  private static final String TOPIC = "events";
  private static final ObjectMapper MAPPER = new ObjectMapper();

  @TempDir Path dir;

  // ---------------------------------------------------------------- helpers

  private Path warehouse() {
    return dir.resolve("lakehouse");
  }

  private String[] common() {
    return new String[] {"--topic=" + TOPIC, "--warehouse=" + warehouse(),
        "--schemaStore=" + dir.resolve("schemas")};
  }

  /** A well-formed message with the given extra top-level members (JSON text, may be empty). */
  private static String event(String id, String extra) {
    return "{\"message_id\":\"" + id + "\",\"topic_name\":\"events\",\"idempotency_key\":\"k-" + id
        + "\",\"period_reference\":\"2026-01\",\"publish_time\":\"2026-01-28T10:00:00Z\","
        + "\"last_updated_ts\":\"2026-01-28T10:00:00Z\"" + extra + "}";
  }

  private Path file(String name, byte[] bytes) throws IOException {
    Path f = dir.resolve(name);
    Files.write(f, bytes);
    return f;
  }

  private Path file(String name, String text) throws IOException {
    return file(name, text.getBytes(StandardCharsets.UTF_8));
  }

  private RunRecord ingest(Path input) {
    List<String> args = new ArrayList<>(List.of(common()));
    args.add("--input=" + input);
    return IngestPipeline.run(PipelineOptionsFactory.fromArgs(args.toArray(new String[0]))
        .as(IngestOptions.class));
  }

  private RunRecord standardize() {
    return StandardizePipeline.run(
        PipelineOptionsFactory.fromArgs(common()).as(LeanopsOptions.class));
  }

  private Table table(TableIdentifier id) {
    return CatalogConfig.hadoop(warehouse().toString()).load().loadTable(id);
  }

  private List<Record> rows(TableIdentifier id) {
    List<Record> rows = new ArrayList<>();
    try (CloseableIterable<Record> it = IcebergGenerics.read(table(id)).build()) {
      it.forEach(rows::add);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    return rows;
  }

  private Map<String, Record> byMessageId(TableIdentifier id) {
    Map<String, Record> out = new TreeMap<>();
    for (Record r : rows(id)) {
      Record previous = out.put((String) r.getField("message_id"), r);
      assertNull(previous, "message_id " + r.getField("message_id") + " twice in " + id);
    }
    return out;
  }

  /** Ingests {@code input}, standardizes, and checks every RAW row is accounted for. */
  private RunRecord ingestAndStandardize(Path input, int expectedLines) {
    RunRecord ingested = ingest(input);
    assertEquals(expectedLines, ingested.count(RunCounts.READ));
    assertEquals(expectedLines, ingested.count(RunCounts.WRITTEN));
    assertEquals(expectedLines, rows(LakehouseTables.raw(TOPIC)).size(), "RAW keeps every line");
    RunRecord run = standardize();
    assertNotNull(run);
    assertBalanced(run);
    assertEquals(expectedLines, run.count(RunCounts.READ));
    // The audit row says the same as the run record.
    List<Record> audit = rows(LakehouseTables.PIPELINE_RUNS).stream()
        .filter(r -> run.runId().equals(r.getField("run_id"))).toList();
    assertEquals(1, audit.size(), "one audit row per run");
    for (String count : List.of(RunCounts.READ, RunCounts.WRITTEN, RunCounts.PARSE_ERRORS,
        RunCounts.FIFO_DUPLICATES, RunCounts.LIFO_SUPERSEDED)) {
      assertEquals(run.count(count), audit.get(0).getField(count), count);
    }
    return run;
  }

  private static void assertBalanced(RunRecord run) {
    assertEquals(run.count(RunCounts.READ), run.count(RunCounts.WRITTEN)
        + run.count(RunCounts.PARSE_ERRORS) + run.count(RunCounts.FIFO_DUPLICATES)
        + run.count(RunCounts.LIFO_SUPERSEDED), () -> "counts do not balance: " + run.counts());
  }

  private static final class Cli {
    final int code;
    final String out;
    final String err;

    Cli(int code, String out, String err) {
      this.code = code;
      this.out = out;
      this.err = err;
    }
  }

  private static Cli cli(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code;
    try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
      code = Main.run(args, o, e);
    }
    return new Cli(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  private String[] cliArgs(String command, String... extra) {
    List<String> args = new ArrayList<>();
    args.add(command);
    args.addAll(List.of(common()));
    args.addAll(List.of(extra));
    return args.toArray(new String[0]);
  }

  /** Exactly one line on stdout, a JSON object with the command, the topic and every count. */
  private static JsonNode oneJsonLine(Cli cli) throws IOException {
    assertTrue(cli.out.endsWith("\n"), () -> "stdout: " + cli.out);
    String line = cli.out.substring(0, cli.out.length() - 1);
    assertFalse(line.contains("\n"), () -> "more than one line on stdout: " + cli.out);
    JsonNode json = MAPPER.readTree(line);
    assertTrue(json.isObject());
    for (String count : RunCounts.NAMES) {
      assertTrue(json.get(count).isIntegralNumber(), count + " missing in " + line);
    }
    return json;
  }

  // ---------------------------------------------------------------- files and paths

  @Test
  void emptyFileIngestsNothingAndEveryRunReportsZeros() throws IOException {
    Path empty = file("empty.jsonl", new byte[0]);

    Cli ingest = cli(cliArgs("ingest", "--input=" + empty));
    assertEquals(0, ingest.code, ingest.err);
    JsonNode counts = oneJsonLine(ingest);
    assertEquals("ingest", counts.get("command").asText());
    assertEquals(TOPIC, counts.get("topic").asText());
    for (String count : RunCounts.NAMES) {
      assertEquals(0, counts.get(count).asLong(), count);
    }
    assertEquals(0, rows(LakehouseTables.raw(TOPIC)).size());

    Cli standardize = cli(cliArgs("standardize"));
    assertEquals(0, standardize.code, standardize.err);
    JsonNode std = oneJsonLine(standardize);
    for (String count : RunCounts.NAMES) {
      assertEquals(0, std.get(count).asLong(), count);
    }
    assertEquals(0, rows(LakehouseTables.standardized(TOPIC)).size());
    assertEquals(0, rows(LakehouseTables.PARSE_ERRORS).size());
  }

  @Test
  void fileOfOnlyNewlinesIsEmptyToo() throws IOException {
    RunRecord ingested = ingest(file("blank.jsonl", "\n\n\n"));
    assertEquals(0, ingested.count(RunCounts.WRITTEN));
    assertEquals(0, rows(LakehouseTables.raw(TOPIC)).size());
  }

  @Test
  void missingPathIsAClearErrorNamingTheInput() {
    Path missing = dir.resolve("no-such-dir").resolve("events.jsonl");

    Cli cli = cli(cliArgs("ingest", "--input=" + missing));

    assertEquals(2, cli.code);
    assertEquals("", cli.out, "nothing on stdout when the command fails");
    assertTrue(cli.err.contains(missing.toString()), cli.err);
    assertTrue(cli.err.contains("matches no file"), cli.err);
    assertFalse(cli.err.contains("\tat "), "no stack trace: " + cli.err);
  }

  @Test
  void globMatchingNothingIsAClearErrorNamingTheInput() throws IOException {
    Files.createDirectories(dir.resolve("in"));
    String glob = dir.resolve("in") + "/*.jsonl";

    Cli cli = cli(cliArgs("ingest", "--input=" + glob));

    assertEquals(2, cli.code);
    assertEquals("", cli.out);
    assertTrue(cli.err.contains(glob), cli.err);
    assertTrue(cli.err.contains("quote globs"), cli.err);
  }

  @Test
  void missingInputOptionIsAClearError() {
    Cli cli = cli(cliArgs("ingest"));
    assertEquals(2, cli.code);
    assertTrue(cli.err.contains("--input is missing"), cli.err);
  }

  // ---------------------------------------------------------------- odd lines

  @Test
  void invalidUtf8InsideAStringValueKeepsTheExactBytesInRaw() throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    bytes.writeBytes(event("m-ok", "").getBytes(StandardCharsets.UTF_8));
    bytes.write('\n');
    // "name":"caf\xC3 \xFF\xFE" — a truncated 2-byte sequence and two bytes never valid in UTF-8
    byte[] bad = (event("m-bad", ",\"name\":\"caf\u0001\"").replace("\u0001", "@"))
        .getBytes(StandardCharsets.UTF_8);
    int at = new String(bad, StandardCharsets.ISO_8859_1).indexOf('@');
    byte[] invalid = new byte[bad.length + 3];
    System.arraycopy(bad, 0, invalid, 0, at);
    invalid[at] = (byte) 0xC3;
    invalid[at + 1] = ' ';
    invalid[at + 2] = (byte) 0xFF;
    invalid[at + 3] = (byte) 0xFE;
    System.arraycopy(bad, at + 1, invalid, at + 4, bad.length - at - 1);
    bytes.writeBytes(invalid);
    bytes.write('\n');

    RunRecord run = ingestAndStandardize(file("utf8.jsonl", bytes.toByteArray()), 2);

    Map<String, Record> raw = byMessageId(LakehouseTables.raw(TOPIC));
    Record badRaw = raw.get("m-bad");
    assertNotNull(badRaw, "the envelope is still read from the invalid line: " + raw.keySet());
    ByteBuffer stored = (ByteBuffer) badRaw.getField("payload_bytes");
    byte[] storedBytes = new byte[stored.remaining()];
    stored.duplicate().get(storedBytes);
    assertArrayEquals(invalid, storedBytes, "RAW keeps the line byte for byte");
    assertNull(raw.get("m-ok").getField("payload_bytes"), "only set for invalid UTF-8");
    assertTrue(((String) badRaw.getField("json_payload")).contains("caf\uFFFD \uFFFD\uFFFD"));

    // Standardize: the text is JSON once decoded (bad bytes → U+FFFD), so the row is standardized
    // with the replacement characters; the exact bytes stay in RAW.payload_bytes.
    assertEquals(2, run.count(RunCounts.WRITTEN));
    assertEquals(0, run.count(RunCounts.PARSE_ERRORS));
    Map<String, Record> std = byMessageId(LakehouseTables.standardized(TOPIC));
    assertEquals("caf\uFFFD \uFFFD\uFFFD", std.get("m-bad").getField("name"));
  }

  @Test
  void invalidUtf8OutsideJsonIsAParseErrorWithTheBytesInRaw() throws IOException {
    byte[] line = {'n', 'o', 't', ' ', (byte) 0xC0, (byte) 0xAF, ' ', 'j', 's', 'o', 'n'};
    RunRecord run = ingestAndStandardize(file("garbage.jsonl", line), 1);

    Record raw = rows(LakehouseTables.raw(TOPIC)).get(0);
    assertTrue(((String) raw.getField("message_id")).startsWith("sha256-"));
    ByteBuffer stored = (ByteBuffer) raw.getField("payload_bytes");
    byte[] storedBytes = new byte[stored.remaining()];
    stored.duplicate().get(storedBytes);
    assertArrayEquals(line, storedBytes);
    assertEquals(1, run.count(RunCounts.PARSE_ERRORS));
    Record error = rows(LakehouseTables.PARSE_ERRORS).get(0);
    assertEquals("NOT_JSON", error.getField("error_type"));
    assertEquals(raw.getField("message_id"), error.getField("message_id"));
  }

  @Test
  void tenMegabyteValueIsStandardizedWhole() throws IOException {
    String big = "x".repeat(10 * 1024 * 1024 - 7) + "\u00e9nd\u20ac"; // multi-byte at the end
    Path f = file("big.jsonl", event("m-big", ",\"blob\":\"" + big + "\"") + "\n"
        + event("m-small", "") + "\n");

    RunRecord run = ingestAndStandardize(f, 2);

    assertEquals(2, run.count(RunCounts.WRITTEN));
    Map<String, Record> raw = byMessageId(LakehouseTables.raw(TOPIC));
    assertTrue(((String) raw.get("m-big").getField("json_payload")).contains(big));
    Map<String, Record> std = byMessageId(LakehouseTables.standardized(TOPIC));
    String blob = (String) std.get("m-big").getField("blob");
    assertEquals(big.length(), blob.length());
    assertEquals(big, blob);
    assertNull(std.get("m-small").getField("blob"));
  }

  @Test
  void jsonNested500DeepIsOneLongColumn() throws IOException {
    StringBuilder json = new StringBuilder();
    for (int i = 0; i < 500; i++) {
      json.append("{\"n\":");
    }
    json.append("\"deep\"");
    json.append("}".repeat(500));
    Path f = file("deep.jsonl", event("m-deep", ",\"tree\":" + json) + "\n");

    RunRecord run = ingestAndStandardize(f, 1);

    assertEquals(1, run.count(RunCounts.WRITTEN));
    String column = "tree" + "_n".repeat(500);
    assertNotNull(table(LakehouseTables.standardized(TOPIC)).schema().findField(column));
    Record row = byMessageId(LakehouseTables.standardized(TOPIC)).get("m-deep");
    assertEquals("deep", row.getField(column));
  }

  @Test
  void jsonNestedBeyondTheLimitIsAParseErrorNotACrash() throws IOException {
    String json = "{\"n\":".repeat(5000) + "1" + "}".repeat(5000);
    Path f = file("too-deep.jsonl", event("m-ok", "") + "\n" + json + "\n");

    RunRecord run = ingestAndStandardize(f, 2);

    assertEquals(1, run.count(RunCounts.WRITTEN));
    assertEquals(1, run.count(RunCounts.PARSE_ERRORS));
    Record error = rows(LakehouseTables.PARSE_ERRORS).get(0);
    assertEquals("NOT_JSON", error.getField("error_type"));
    assertTrue(((String) error.getField("detail")).contains("depth"), 
        () -> "detail: " + error.getField("detail"));
    assertEquals(json, error.getField("raw_text"));
  }

  @Test
  void lineWith5000FieldsAddsThemAsStringColumns() throws IOException {
    StringBuilder extra = new StringBuilder();
    for (int i = 0; i < 5000; i++) {
      extra.append(",\"f").append(i).append("\":\"v").append(i).append('"');
    }
    Path f = file("wide.jsonl", event("m-wide", extra.toString()) + "\n"
        + event("m-narrow", ",\"f7\":\"seven\"") + "\n");

    RunRecord run = ingestAndStandardize(f, 2);

    assertEquals(2, run.count(RunCounts.WRITTEN));
    org.apache.iceberg.Schema schema = table(LakehouseTables.standardized(TOPIC)).schema();
    for (int i = 0; i < 5000; i++) {
      Types.NestedField field = schema.findField("f" + i);
      assertNotNull(field, "f" + i);
      assertEquals(Types.StringType.get(), field.type());
      assertTrue(field.isOptional());
    }
    Map<String, Record> std = byMessageId(LakehouseTables.standardized(TOPIC));
    Record wide = std.get("m-wide");
    for (int i = 0; i < 5000; i++) {
      assertEquals("v" + i, wide.getField("f" + i));
    }
    assertEquals("seven", std.get("m-narrow").getField("f7"));
    assertNull(std.get("m-narrow").getField("f8"));
  }

  @Test
  void keywordAndPunctuatedFieldNamesBecomeSanitizedColumns() throws IOException {
    String extra = ",\"select\":\"1\",\"from\":\"2\",\"my field\":\"3\",\"a.b\":\"4\","
        + "\"\\\"quoted\\\"\":\"5\",\"Order\":\"6\",\"table\":{\"where\":\"7\"}";
    Path f = file("names.jsonl", event("m-names", extra) + "\n");

    RunRecord run = ingestAndStandardize(f, 1);

    assertEquals(1, run.count(RunCounts.WRITTEN));
    Record row = byMessageId(LakehouseTables.standardized(TOPIC)).get("m-names");
    assertEquals("1", row.getField("select"));
    assertEquals("2", row.getField("from"));
    assertEquals("3", row.getField("my_field"));
    assertEquals("4", row.getField("a_b"));
    assertEquals("5", row.getField("_quoted_"));
    assertEquals("6", row.getField("order"));
    assertEquals("7", row.getField("table_where"));
  }

  @Test
  void fieldNamesThatSanitizeToTheSameColumnAreACollisionError() throws IOException {
    Path f = file("collide.jsonl",
        event("m-collide", ",\"a.b\":\"1\",\"a b\":\"2\"") + "\n" + event("m-ok", "") + "\n");

    RunRecord run = ingestAndStandardize(f, 2);

    assertEquals(1, run.count(RunCounts.PARSE_ERRORS));
    Record error = rows(LakehouseTables.PARSE_ERRORS).get(0);
    assertEquals("m-collide", error.getField("message_id"));
    assertEquals("COLUMN_COLLISION", error.getField("error_type"));
    assertTrue(((String) error.getField("detail")).contains("a_b"));
  }

  @Test
  void crlfLineEndingsAreStandardizedAndRawKeepsTheCarriageReturn() throws IOException {
    Path f = file("crlf.jsonl", event("m1", ",\"x\":\"1\"") + "\r\n" + event("m2", "") + "\r\n"
        + "not json\r\n");

    RunRecord run = ingestAndStandardize(f, 3);

    assertEquals(2, run.count(RunCounts.WRITTEN));
    assertEquals(1, run.count(RunCounts.PARSE_ERRORS));
    Map<String, Record> raw = byMessageId(LakehouseTables.raw(TOPIC));
    assertEquals(event("m1", ",\"x\":\"1\"") + "\r", raw.get("m1").getField("json_payload"),
        "RAW byte for byte");
    Map<String, Record> std = byMessageId(LakehouseTables.standardized(TOPIC));
    assertEquals("1", std.get("m1").getField("x"));
    assertEquals("k-m2", std.get("m2").getField("idempotency_key"));
    assertEquals("NOT_JSON", rows(LakehouseTables.PARSE_ERRORS).get(0).getField("error_type"));
  }

  @Test
  void byteOrderMarkAtTheStartOfAFileDoesNotMakeTheFirstLineAParseError() throws IOException {
    String first = "\uFEFF" + event("m1", ",\"x\":\"1\"");
    Path f = file("bom.jsonl", first + "\n" + event("m2", "") + "\n");

    RunRecord run = ingestAndStandardize(f, 2);

    assertEquals(2, run.count(RunCounts.WRITTEN), () -> "counts " + run.counts());
    assertEquals(0, run.count(RunCounts.PARSE_ERRORS));
    Map<String, Record> raw = byMessageId(LakehouseTables.raw(TOPIC));
    assertEquals(first, raw.get("m1").getField("json_payload"), "RAW keeps the BOM");
    assertEquals("k-m1", raw.get("m1").getField("idempotency_key"));
    Map<String, Record> std = byMessageId(LakehouseTables.standardized(TOPIC));
    assertEquals("1", std.get("m1").getField("x"));
    assertEquals("k-m1", std.get("m1").getField("idempotency_key"));
  }

  @Test
  void fieldNameLongerThanJacksonsDefaultLimitIsAClearParseErrorNotACrash() throws IOException {
    // Jackson refuses names over 50,000 characters by default; the long name comes first, before
    // the envelope fields, which must still be read.
    String name = "k".repeat(60_000);
    String line = "{\"" + name + "\":\"v\"," + event("m-long", "").substring(1);
    Path f = file("long-name.jsonl", line + "\n" + event("m-ok", "") + "\n");

    RunRecord run = ingestAndStandardize(f, 2);

    Map<String, Record> raw = byMessageId(LakehouseTables.raw(TOPIC));
    assertEquals(line, raw.get("m-long").getField("json_payload"));
    assertEquals("k-m-long", raw.get("m-long").getField("idempotency_key"),
        "the envelope is read despite the long name");
    assertEquals(1, run.count(RunCounts.WRITTEN));
    assertEquals(1, run.count(RunCounts.PARSE_ERRORS));
    Record error = rows(LakehouseTables.PARSE_ERRORS).get(0);
    assertEquals("m-long", error.getField("message_id"));
    assertEquals("NOT_JSON", error.getField("error_type"));
    String detail = (String) error.getField("detail");
    assertTrue(detail.contains("60000") && detail.contains("50000"), detail);
    assertFalse(detail.startsWith("not valid JSON"), "it is valid JSON, over a limit: " + detail);
  }

  // ---------------------------------------------------------------- command line

  @Test
  void successfulCommandsPrintExactlyOneJsonLineOfCounts() throws IOException {
    Path f = file("ok.jsonl", event("m1", "") + "\n" + event("m1", "") + "\n" + "[1]\n");

    Cli ingest = cli(cliArgs("ingest", "--input=" + f));
    assertEquals(0, ingest.code, ingest.err);
    JsonNode in = oneJsonLine(ingest);
    assertEquals(3, in.get("read").asLong());
    assertEquals(3, in.get("written").asLong());
    assertTrue(in.get("run_id").asText().startsWith("ingest-"));

    Cli std = cli(cliArgs("standardize"));
    assertEquals(0, std.code, std.err);
    JsonNode s = oneJsonLine(std);
    assertEquals("standardize", s.get("command").asText());
    assertEquals(3, s.get("read").asLong());
    assertEquals(1, s.get("written").asLong());
    assertEquals(1, s.get("fifo_duplicates").asLong());
    assertEquals(1, s.get("parse_errors").asLong());

    Cli again = cli(cliArgs("standardize"));
    assertEquals(0, again.code, again.err);
    JsonNode nothing = oneJsonLine(again);
    assertTrue(nothing.get("run_id").isNull(), "nothing new: no run");
    assertEquals(0, nothing.get("read").asLong());
  }

  @Test
  void usageAndHelp() {
    Cli usage = cli("--help");
    assertEquals(0, usage.code);
    assertTrue(usage.err.contains("usage: leanops"), usage.err);

    Cli none = cli();
    assertEquals(2, none.code);
    assertTrue(none.err.contains("usage: leanops"), none.err);

    // Beam's own --help handling calls System.exit; the launcher answers it without exiting.
    Cli ingestHelp = cli("ingest", "--help");
    assertEquals(0, ingestHelp.code, ingestHelp.err);
    assertTrue(ingestHelp.out.contains("--input"), ingestHelp.out);
    assertTrue(ingestHelp.out.contains("--topic"), ingestHelp.out);

    Cli stdHelp = cli("standardize", "--help");
    assertEquals(0, stdHelp.code, stdHelp.err);
    assertTrue(stdHelp.out.contains("--warehouse"), stdHelp.out);
  }

  @Test
  void unknownCommandIsExitCode2WithUsage() {
    Cli cli = cli("ingets", "--topic=events");
    assertEquals(2, cli.code);
    assertEquals("", cli.out);
    assertTrue(cli.err.contains("unknown command 'ingets'"), cli.err);
    assertTrue(cli.err.contains("usage: leanops"), cli.err);
  }

  @Test
  void unknownOptionIsExitCode2() {
    Cli cli = cli("standardize", "--topic=events", "--warehuose=/tmp/x");
    assertEquals(2, cli.code);
    assertTrue(cli.err.contains("warehuose"), cli.err);
  }

  @Test
  void invalidTopicNameIsExitCode2SayingWhatATopicMayContain() throws IOException {
    Path f = file("ok.jsonl", event("m1", "") + "\n");
    for (String command : List.of("ingest", "standardize")) {
      List<String> args = new ArrayList<>(List.of(command, "--topic=../etc",
          "--warehouse=" + warehouse()));
      if (command.equals("ingest")) {
        args.add("--input=" + f);
      }
      Cli cli = cli(args.toArray(new String[0]));
      assertEquals(2, cli.code, command);
      assertEquals("", cli.out);
      assertTrue(cli.err.contains("'../etc'"), cli.err);
      assertTrue(cli.err.contains("lower-case letter followed by lower-case letters, digits"),
          cli.err);
    }
    Cli missing = cli("standardize", "--warehouse=" + warehouse());
    assertEquals(2, missing.code);
    assertTrue(missing.err.contains("topic name 'null'") || missing.err.contains("--topic"),
        missing.err);
    assertFalse(Files.exists(dir.resolve("etc")));
  }
}
