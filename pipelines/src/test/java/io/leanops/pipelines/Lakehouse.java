package io.leanops.pipelines;

import io.leanops.io.CatalogConfig;
import io.leanops.io.RunRecord;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.io.CloseableIterable;

/** Test fixture: a warehouse and schema store in a folder, driven stage by stage. */
final class Lakehouse {
  private final Path root;
  private final Path warehouse;
  private final Path schemas;
  private final String topic;
  private final AtomicInteger files = new AtomicInteger();

  Lakehouse(Path root, String topic) {
    this.root = root;
    this.warehouse = root.resolve("lakehouse");
    this.schemas = root.resolve("schemas");
    this.topic = topic;
  }

  Path warehouse() {
    return warehouse;
  }

  void activate(String schemaJson) throws IOException {
    Path active = schemas.resolve(topic).resolve("active");
    Files.createDirectories(active);
    Files.writeString(active.resolve("schema.json"), schemaJson);
  }

  private String[] common() {
    return new String[] {"--topic=" + topic, "--warehouse=" + warehouse,
        "--schemaStore=" + schemas};
  }

  RunRecord ingest(List<String> lines) throws IOException {
    Files.createDirectories(root);
    Path file = root.resolve("input-" + files.incrementAndGet() + ".jsonl");
    Files.write(file, (String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8));
    List<String> args = new ArrayList<>(List.of(common()));
    args.add("--input=" + file);
    return IngestPipeline.run(PipelineOptionsFactory.fromArgs(args.toArray(new String[0]))
        .as(IngestOptions.class));
  }

  RunRecord standardize() {
    return StandardizePipeline.run(
        PipelineOptionsFactory.fromArgs(common()).as(LeanopsOptions.class));
  }

  RunRecord curate() {
    List<String> args = new ArrayList<>(List.of(common()));
    args.add("--piiSalt=test-salt");
    return CuratePipeline.run(PipelineOptionsFactory.fromArgs(args.toArray(new String[0]))
        .as(CurateOptions.class));
  }

  /** Ingest, standardize and curate {@code lines}; returns the curate run. */
  RunRecord load(List<String> lines) throws IOException {
    ingest(lines);
    standardize();
    return curate();
  }

  Table table(TableIdentifier id) {
    return CatalogConfig.hadoop(warehouse.toString()).load().loadTable(id);
  }

  List<Record> rows(TableIdentifier id) {
    List<Record> rows = new ArrayList<>();
    try (CloseableIterable<Record> it = IcebergGenerics.read(table(id)).build()) {
      it.forEach(rows::add);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    return rows;
  }
}
