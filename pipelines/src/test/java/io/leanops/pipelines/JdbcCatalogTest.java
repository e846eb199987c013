package io.leanops.pipelines;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.leanops.io.CatalogConfig;
import io.leanops.io.LakehouseTables;
import io.leanops.io.RunCounts;
import io.leanops.io.RunRecord;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.io.CloseableIterable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The same stages on Iceberg's JDBC catalog (SQLite file): the catalog is configuration only. */
class JdbcCatalogTest {
  @TempDir Path dir;

  private String[] args(String... extra) {
    List<String> args = new ArrayList<>(List.of("--topic=events", "--catalog=jdbc",
        "--catalogProperties=uri=jdbc:sqlite:" + dir.resolve("catalog.db"),
        "--warehouse=" + dir.resolve("warehouse"), "--schemaStore=" + dir.resolve("schemas")));
    args.addAll(List.of(extra));
    return args.toArray(new String[0]);
  }

  @Test
  void ingestStandardizeAndCurateRunOnTheJdbcCatalog() throws IOException {
    Path active = dir.resolve("schemas").resolve("events").resolve("active");
    Files.createDirectories(active);
    Files.writeString(active.resolve("schema.json"), CuratePipelineTest.schema("1"));
    Path input = dir.resolve("in.jsonl");
    Files.write(input, (String.join("\n", List.of(
        CuratePipelineTest.event("m1", "k1", "2026-01", "2026-01-10T00:00:00Z", ""),
        CuratePipelineTest.event("m2", "k1", "2026-02", "2026-02-10T00:00:00Z", ""),
        "not json")) + "\n").getBytes(StandardCharsets.UTF_8));

    IngestPipeline.run(PipelineOptionsFactory.fromArgs(args("--input=" + input))
        .as(IngestOptions.class));
    RunRecord std = StandardizePipeline.run(
        PipelineOptionsFactory.fromArgs(args()).as(LeanopsOptions.class));
    RunRecord cur = CuratePipeline.run(PipelineOptionsFactory.fromArgs(args("--piiSalt=s"))
        .as(CurateOptions.class));

    assertEquals(3, std.count(RunCounts.READ));
    assertEquals(1, std.count(RunCounts.LIFO_SUPERSEDED));
    assertEquals(1, std.count(RunCounts.PARSE_ERRORS));
    assertEquals(1, cur.count(RunCounts.INSERTED));
    assertNull(StandardizePipeline.run(
        PipelineOptionsFactory.fromArgs(args()).as(LeanopsOptions.class)), "exactly once");

    Catalog catalog = CatalogConfig.of("jdbc", dir.resolve("warehouse").toString(),
        Map.of("uri", "jdbc:sqlite:" + dir.resolve("catalog.db"))).load();
    TreeSet<String> curated = new TreeSet<>();
    try (CloseableIterable<Record> it =
        IcebergGenerics.read(catalog.loadTable(LakehouseTables.curated("events"))).build()) {
      it.forEach(r -> curated.add(r.getField("idempotency_key") + "|"
          + r.getField("period_reference")));
    }
    assertEquals(new TreeSet<>(List.of("k1|2026-02")), curated);
  }
}
