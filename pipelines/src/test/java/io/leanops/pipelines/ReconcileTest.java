package io.leanops.pipelines;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.leanops.io.LakehouseTables;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.expressions.Expressions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReconcileTest {
  private static final String TOPIC = "events";

  @TempDir Path dir;

  private static String event(String id, String key, String period, String updated,
      String amount) {
    return CuratePipelineTest.event(id, key, period, updated, ",\"amount\":\"" + amount + "\"");
  }

  private int reconcile(Lakehouse lh, ByteArrayOutputStream out, ByteArrayOutputStream err,
      String... extra) {
    String[] base = {"reconcile", "--topic=" + TOPIC, "--warehouse=" + lh.warehouse()};
    String[] args = new String[base.length + extra.length];
    System.arraycopy(base, 0, args, 0, base.length);
    System.arraycopy(extra, 0, args, base.length, extra.length);
    return Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  private Lakehouse loaded() throws Exception {
    Lakehouse lh = new Lakehouse(dir, TOPIC);
    lh.activate(CuratePipelineTest.schema("1"));
    lh.load(List.of(
        event("m1", "k1", "2026-01", "2026-01-10T00:00:00Z", "10.00"),
        event("m1", "k1", "2026-01", "2026-01-10T00:00:00Z", "10.00"),
        event("m2", "k2", "2026-01", "2026-01-10T00:00:00Z", "5.50"),
        event("m3", "k3", "2026-02", "2026-02-10T00:00:00Z", "abc"),
        "not json"));
    lh.load(List.of(
        event("m4", "k2", "2026-02", "2026-02-11T00:00:00Z", "6.50"),
        event("m5", "k2", "2026-02", "2026-02-01T00:00:00Z", "1.00"),
        event("m6", "k6", "2026-02", "2026-02-10T00:00:00Z", "7.25")));
    return lh;
  }

  @Test
  void balancedTopicPassesAndWritesPeriodTotals() throws Exception {
    Lakehouse lh = loaded();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();

    int exit = reconcile(lh, out, err);

    assertEquals(0, exit, err.toString(StandardCharsets.UTF_8));
    JsonNode line = new ObjectMapper().readTree(out.toString(StandardCharsets.UTF_8));
    assertTrue(line.get("balanced").asBoolean());
    for (JsonNode check : line.get("checks")) {
      assertEquals(0, check.get("gap").asLong(), check.toString());
    }
    assertEquals(7, line.get("checks").size());
    List<Record> totals = lh.rows(LakehouseTables.RECONCILIATION);
    Record feb = totals.stream().filter(r -> r.getField("period_reference").equals("2026-02"))
        .findFirst().orElseThrow();
    // CURATED 2026-02: k2 moved there by its correction (6.50) and k6 (7.25)
    assertEquals(2L, feb.getField("curated_rows"));
    assertEquals(0, new BigDecimal("13.75").compareTo((BigDecimal) feb.getField("amount_sum")));
    Record jan = totals.stream().filter(r -> r.getField("period_reference").equals("2026-01"))
        .findFirst().orElseThrow();
    assertEquals(1L, jan.getField("curated_rows"));
  }

  @Test
  void lostRowFailsWithTheOffendingCounts() throws Exception {
    Lakehouse lh = loaded();
    // a row vanishes from STANDARDIZED behind the pipelines' back
    lh.table(LakehouseTables.standardized(TOPIC)).newDelete()
        .deleteFromRowFilter(Expressions.equal("period_reference", "2026-01")).commit();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();

    int exit = reconcile(lh, out, err);

    assertEquals(1, exit);
    String errors = err.toString(StandardCharsets.UTF_8);
    assertTrue(errors.contains("STANDARDIZED rows = standardize written"), errors);
    assertTrue(errors.contains("gap"), errors);
  }
}
