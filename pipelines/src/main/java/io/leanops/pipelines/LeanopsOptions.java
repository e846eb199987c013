package io.leanops.pipelines;

import io.leanops.io.CatalogConfig;
import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;
import org.apache.beam.sdk.options.PipelineOptions;

/** Options shared by every lean-ops command (SPEC.md §8). */
public interface LeanopsOptions extends PipelineOptions {
  @Description("Topic to process: a lower-case letter, then lower-case letters, digits or '_'.")
  String getTopic();

  void setTopic(String topic);

  @Description("Warehouse location: a local folder (default ./lakehouse) or s3://bucket/prefix.")
  @Default.String("./lakehouse")
  String getWarehouse();

  void setWarehouse(String warehouse);

  @Description("Iceberg catalog: hadoop (embedded default, no server), jdbc, glue or rest.")
  @Default.String("hadoop")
  String getCatalog();

  void setCatalog(String catalog);

  @Description("Extra catalog properties, k=v,k2=v2 (e.g. uri=jdbc:sqlite:/tmp/c.db).")
  @Default.String("")
  String getCatalogProperties();

  void setCatalogProperties(String properties);

  @Description("Schema store root: a local folder (default ./schemas) or s3://bucket/prefix.")
  @Default.String("./schemas")
  String getSchemaStore();

  void setSchemaStore(String schemaStore);

  /** The catalog these options name. */
  static CatalogConfig catalogConfig(LeanopsOptions options) {
    String warehouse = options.getWarehouse();
    if ("hadoop".equalsIgnoreCase(options.getCatalog()) && !warehouse.contains("://")) {
      warehouse = new java.io.File(warehouse).getAbsolutePath();
    }
    return CatalogConfig.of(options.getCatalog(), warehouse,
        CatalogConfig.parseProperties(options.getCatalogProperties()));
  }
}
