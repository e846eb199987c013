package io.leanops.io;

import io.leanops.schemas.TopicNames;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableProperties;
import org.apache.iceberg.UpdateSchema;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.SupportsNamespaces;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.exceptions.AlreadyExistsException;
import org.apache.iceberg.exceptions.CommitFailedException;
import org.apache.iceberg.types.Types;

/**
 * The tables of the lakehouse (SPEC.md §1–3, §7), their schemas and partition specs, created on
 * first use. Every table is Iceberg format version 2.
 *
 * <p>The per-topic main tables ({@code raw.<topic>}, {@code standardized.<topic>}) refuse automatic
 * commit retries ({@code commit.retry.num-retries=0}): a run checks that nothing was consumed since
 * it started and then commits against exactly that table state, so two runs of one stage on one
 * topic can never both apply (the loser gets a clear error). Shared side tables keep Iceberg's
 * retries, since their commits are idempotent by run id.
 */
public final class LakehouseTables {
  public static final String RAW = "raw";
  public static final String STANDARDIZED = "standardized";
  public static final String CURATED = "curated";
  public static final String AUDIT = "audit";
  public static final String CURATED_KEYS = "curated_keys";
  public static final String QUALITY = "quality";

  public static final TableIdentifier PARSE_ERRORS =
      TableIdentifier.of(STANDARDIZED, "parse_errors");
  public static final TableIdentifier DRIFT_LOG = TableIdentifier.of(STANDARDIZED, "drift_log");
  public static final TableIdentifier PIPELINE_RUNS = TableIdentifier.of(AUDIT, "pipeline_runs");
  public static final TableIdentifier CURATED_ERRORS = TableIdentifier.of(CURATED, "errors");
  public static final TableIdentifier RESOLVED_ERRORS =
      TableIdentifier.of(CURATED, "resolved_errors");

  /** Table property holding a topic's flow control (ENABLED or PAUSED) on its CURATED table. */
  public static final String FLOW_PROPERTY = "leanops.flow";

  /** Names a topic may not take because side tables share its namespace. */
  private static final Set<String> RESERVED_TOPICS = Set.of("parse_errors", "drift_log", "errors");

  public static final Schema RAW_SCHEMA =
      new Schema(
          Types.NestedField.required(1, "message_id", Types.StringType.get()),
          Types.NestedField.optional(2, "topic_name", Types.StringType.get()),
          Types.NestedField.optional(3, "idempotency_key", Types.StringType.get()),
          Types.NestedField.optional(4, "publish_time", Types.StringType.get()),
          Types.NestedField.required(5, "ingestion_ts", Types.TimestampType.withZone()),
          Types.NestedField.required(6, "json_payload", Types.StringType.get()),
          Types.NestedField.optional(7, "source_uri", Types.StringType.get()),
          Types.NestedField.optional(8, "source_line", Types.LongType.get()),
          // The exact bytes, only for a line that is not valid UTF-8 (json_payload then holds the
          // text with replacement characters), so RAW keeps every line byte for byte.
          Types.NestedField.optional(9, "payload_bytes", Types.BinaryType.get()));

  /** The fixed columns of STANDARDIZED; payload columns are appended as optional strings. */
  public static final Schema STANDARDIZED_BASE_SCHEMA =
      new Schema(
          Types.NestedField.required(1, "message_id", Types.StringType.get()),
          Types.NestedField.optional(2, "topic_name", Types.StringType.get()),
          Types.NestedField.optional(3, "idempotency_key", Types.StringType.get()),
          Types.NestedField.optional(4, "period_reference", Types.StringType.get()),
          Types.NestedField.optional(5, "publish_time", Types.TimestampType.withZone()),
          Types.NestedField.optional(6, "last_updated_ts", Types.StringType.get()),
          Types.NestedField.required(7, "ingestion_ts", Types.TimestampType.withZone()));

  public static final Schema PARSE_ERRORS_SCHEMA =
      new Schema(
          Types.NestedField.required(1, "topic_name", Types.StringType.get()),
          Types.NestedField.required(2, "message_id", Types.StringType.get()),
          Types.NestedField.required(3, "raw_text", Types.StringType.get()),
          Types.NestedField.required(4, "error_type", Types.StringType.get()),
          Types.NestedField.required(5, "detail", Types.StringType.get()),
          Types.NestedField.required(6, "run_id", Types.StringType.get()));

  public static final Schema DRIFT_LOG_SCHEMA =
      new Schema(
          Types.NestedField.required(1, "detected_ts", Types.TimestampType.withZone()),
          Types.NestedField.required(2, "topic_name", Types.StringType.get()),
          Types.NestedField.optional(3, "period_reference", Types.StringType.get()),
          Types.NestedField.required(4, "message_id", Types.StringType.get()),
          Types.NestedField.required(5, "drifted_columns",
              Types.ListType.ofRequired(9, Types.StringType.get())),
          Types.NestedField.required(6, "snapshot_id", Types.LongType.get()),
          Types.NestedField.required(7, "layer", Types.StringType.get()),
          Types.NestedField.required(8, "run_id", Types.StringType.get()));

  public static final Schema PIPELINE_RUNS_SCHEMA =
      new Schema(
          Types.NestedField.required(1, "run_id", Types.StringType.get()),
          Types.NestedField.required(2, "stage", Types.StringType.get()),
          Types.NestedField.required(3, "topic_name", Types.StringType.get()),
          Types.NestedField.optional(4, "source_from_snapshot", Types.LongType.get()),
          Types.NestedField.optional(5, "source_to_snapshot", Types.LongType.get()),
          Types.NestedField.required(6, "read", Types.LongType.get()),
          Types.NestedField.required(7, "written", Types.LongType.get()),
          Types.NestedField.required(8, "parse_errors", Types.LongType.get()),
          Types.NestedField.required(9, "fifo_duplicates", Types.LongType.get()),
          Types.NestedField.required(10, "lifo_superseded", Types.LongType.get()),
          Types.NestedField.required(11, "cde_errors", Types.LongType.get()),
          Types.NestedField.required(12, "held", Types.LongType.get()),
          Types.NestedField.required(13, "inserted", Types.LongType.get()),
          Types.NestedField.required(14, "updated", Types.LongType.get()),
          Types.NestedField.required(15, "skipped_stale", Types.LongType.get()),
          Types.NestedField.required(16, "started_ts", Types.TimestampType.withZone()),
          Types.NestedField.required(17, "finished_ts", Types.TimestampType.withZone()),
          Types.NestedField.optional(18, "period_counts", Types.StringType.get()));

  public static final Schema CURATED_ERRORS_SCHEMA =
      new Schema(
          Types.NestedField.required(1, "topic_name", Types.StringType.get()),
          Types.NestedField.required(2, "message_id", Types.StringType.get()),
          Types.NestedField.optional(3, "idempotency_key", Types.StringType.get()),
          Types.NestedField.optional(4, "period_reference", Types.StringType.get()),
          Types.NestedField.required(5, "error_type", Types.StringType.get()),
          Types.NestedField.required(6, "violations",
              Types.ListType.ofRequired(9, Types.StringType.get())),
          Types.NestedField.required(7, "row_json", Types.StringType.get()),
          Types.NestedField.required(8, "run_id", Types.StringType.get()));

  public static final TableIdentifier RECONCILIATION = TableIdentifier.of(QUALITY, "reconciliation");

  /** Held rows that a catch-up curated: an error row stays as history, this row closes it. */
  public static final Schema RESOLVED_ERRORS_SCHEMA =
      new Schema(
          Types.NestedField.required(1, "topic_name", Types.StringType.get()),
          Types.NestedField.required(2, "message_id", Types.StringType.get()),
          Types.NestedField.required(3, "error_type", Types.StringType.get()),
          Types.NestedField.optional(4, "period_reference", Types.StringType.get()),
          Types.NestedField.required(5, "resolved_by_run", Types.StringType.get()));

  public static final Schema RECONCILIATION_SCHEMA =
      new Schema(
          Types.NestedField.required(1, "run_id", Types.StringType.get()),
          Types.NestedField.required(2, "topic_name", Types.StringType.get()),
          Types.NestedField.required(3, "period_reference", Types.StringType.get()),
          Types.NestedField.required(4, "standardized_rows", Types.LongType.get()),
          Types.NestedField.required(5, "curated_rows", Types.LongType.get()),
          Types.NestedField.optional(6, "amount_column", Types.StringType.get()),
          Types.NestedField.optional(7, "amount_sum", Types.DecimalType.of(38, 6)),
          Types.NestedField.required(8, "balanced", Types.BooleanType.get()),
          Types.NestedField.required(9, "checked_ts", Types.TimestampType.withZone()));

  /** The key index of a topic: in which periods each idempotency_key has been curated. */
  public static final Schema KEY_INDEX_SCHEMA =
      new Schema(
          Types.NestedField.required(1, "idempotency_key", Types.StringType.get()),
          Types.NestedField.required(2, "period_reference", Types.StringType.get()));

  /** Buckets of the key index: a key lookup reads 1/KEY_INDEX_BUCKETS of the index per key. */
  public static final int KEY_INDEX_BUCKETS = 16;

  private LakehouseTables() {}

  public static TableIdentifier keyIndex(String topic) {
    return TableIdentifier.of(CURATED_KEYS, checkTopic(topic));
  }

  /**
   * The key index of {@code topic}, bucketed by key, so that {@code lookback_months: "all"} finds
   * the periods of a batch's keys by reading only their buckets, whatever the number of periods.
   * Append-only: an entry that became stale (the row moved on) only widens a lookup, never hides
   * an original.
   */
  public static Table keyIndexTable(Catalog catalog, String topic) {
    return createIfAbsent(catalog, keyIndex(topic), () -> KEY_INDEX_SCHEMA,
        () -> PartitionSpec.builderFor(KEY_INDEX_SCHEMA)
            .bucket("idempotency_key", KEY_INDEX_BUCKETS).build(), false);
  }

  public static TableIdentifier curated(String topic) {
    return TableIdentifier.of(CURATED, checkTopic(topic));
  }

  /**
   * The CURATED table of {@code schema}'s topic, created on first use or evolved to the schema
   * (new columns added, safe widenings promoted in place, by name; columns are never dropped here —
   * removing one is a breaking change handled by a rebuild).
   */
  public static Table curatedTable(Catalog catalog, io.leanops.schemas.TopicSchema schema) {
    Schema target = CuratedRows.tableSchema(schema);
    Table table = createIfAbsent(catalog, curated(schema.topicName()), () -> target,
        () -> PartitionSpec.builderFor(target).identity("period_reference").day("publish_time")
            .build(), true);
    if (!table.schema().sameSchema(target)) {
      for (int attempt = 0; ; attempt++) {
        try {
          table.refresh();
          try {
            table.updateSchema().unionByNameWith(target).commit();
          } catch (IllegalArgumentException incompatible) {
            throw new IllegalArgumentException("the active schema " + schema.schemaVersion()
                + " of topic '" + schema.topicName() + "' cannot be applied to " + table.name()
                + " in place (" + incompatible.getMessage() + "); a breaking change needs"
                + " 'leanops rebuild --topic=" + schema.topicName() + "'", incompatible);
          }
          break;
        } catch (CommitFailedException e) {
          if (attempt >= 20) {
            throw e;
          }
        }
      }
    }
    return table;
  }

  public static Table curatedErrorsTable(Catalog catalog) {
    return createIfAbsent(catalog, CURATED_ERRORS, () -> CURATED_ERRORS_SCHEMA,
        () -> PartitionSpec.builderFor(CURATED_ERRORS_SCHEMA).identity("topic_name").build(),
        false);
  }

  public static Table resolvedErrorsTable(Catalog catalog) {
    return createIfAbsent(catalog, RESOLVED_ERRORS, () -> RESOLVED_ERRORS_SCHEMA,
        () -> PartitionSpec.builderFor(RESOLVED_ERRORS_SCHEMA).identity("topic_name").build(),
        false);
  }

  public static Table reconciliationTable(Catalog catalog) {
    return createIfAbsent(catalog, RECONCILIATION, () -> RECONCILIATION_SCHEMA,
        () -> PartitionSpec.builderFor(RECONCILIATION_SCHEMA).identity("topic_name").build(),
        false);
  }

  /** True when the topic's CURATED table says its flow is paused. */
  public static boolean isPaused(Table curated) {
    return FlowControl.flow(curated) == FlowControl.Flow.PAUSED;
  }

  public static TableIdentifier raw(String topic) {
    return TableIdentifier.of(RAW, checkTopic(topic));
  }

  public static TableIdentifier standardized(String topic) {
    return TableIdentifier.of(STANDARDIZED, checkTopic(topic));
  }

  /**
   * Returns {@code topic} when it can name tables.
   *
   * @throws IllegalArgumentException saying what a topic name may be
   */
  public static String checkTopic(String topic) {
    TopicNames.validate(topic);
    if (RESERVED_TOPICS.contains(topic)) {
      throw new IllegalArgumentException("topic name '" + topic
          + "' is reserved for a side table; choose another name");
    }
    return topic;
  }

  public static Table rawTable(Catalog catalog, String topic) {
    // Ingest runs only append, so concurrent ingests may both commit: Iceberg's retries stay on.
    return createIfAbsent(catalog, raw(topic), () -> RAW_SCHEMA,
        () -> PartitionSpec.builderFor(RAW_SCHEMA).day("ingestion_ts").build(), false);
  }

  public static Table standardizedTable(Catalog catalog, String topic) {
    return createIfAbsent(catalog, standardized(topic), () -> STANDARDIZED_BASE_SCHEMA,
        () -> PartitionSpec.builderFor(STANDARDIZED_BASE_SCHEMA)
            .identity("period_reference").day("publish_time").build(), true);
  }

  public static Table parseErrorsTable(Catalog catalog) {
    return createIfAbsent(catalog, PARSE_ERRORS, () -> PARSE_ERRORS_SCHEMA,
        () -> PartitionSpec.builderFor(PARSE_ERRORS_SCHEMA).identity("topic_name").build(), false);
  }

  public static Table driftLogTable(Catalog catalog) {
    return createIfAbsent(catalog, DRIFT_LOG, () -> DRIFT_LOG_SCHEMA,
        () -> PartitionSpec.builderFor(DRIFT_LOG_SCHEMA).identity("topic_name").build(), false);
  }

  public static Table pipelineRunsTable(Catalog catalog) {
    return createIfAbsent(catalog, PIPELINE_RUNS, () -> PIPELINE_RUNS_SCHEMA,
        () -> PartitionSpec.builderFor(PIPELINE_RUNS_SCHEMA).identity("topic_name").build(), false);
  }

  /**
   * Adds every column of {@code names} that {@code table} lacks as an optional STRING (schema
   * auto-evolution, SPEC.md §3.7), retrying when another writer evolves the table at the same time.
   */
  public static Table addStringColumns(Table table, List<String> names) {
    for (int attempt = 0; ; attempt++) {
      table.refresh();
      List<String> missing = new ArrayList<>();
      for (String name : names) {
        if (table.schema().findField(name) == null) {
          missing.add(name);
        }
      }
      if (missing.isEmpty()) {
        return table;
      }
      try {
        UpdateSchema update = table.updateSchema();
        missing.forEach(n -> update.addColumn(n, Types.StringType.get()));
        update.commit();
        return table;
      } catch (CommitFailedException e) {
        if (attempt >= 20) {
          throw e;
        }
      }
    }
  }

  private static Table createIfAbsent(Catalog catalog, TableIdentifier id, Supplier<Schema> schema,
      Supplier<PartitionSpec> spec, boolean exclusiveCommits) {
    if (catalog.tableExists(id)) {
      return catalog.loadTable(id);
    }
    ensureNamespace(catalog, id.namespace());
    Map<String, String> props =
        exclusiveCommits
            ? Map.of(TableProperties.FORMAT_VERSION, "2", TableProperties.COMMIT_NUM_RETRIES, "0")
            : Map.of(TableProperties.FORMAT_VERSION, "2");
    try {
      return catalog.createTable(id, schema.get(), spec.get(), props);
    } catch (AlreadyExistsException e) {
      return catalog.loadTable(id);
    }
  }

  private static void ensureNamespace(Catalog catalog, Namespace namespace) {
    if (catalog instanceof SupportsNamespaces) {
      SupportsNamespaces ns = (SupportsNamespaces) catalog;
      try {
        if (!ns.namespaceExists(namespace)) {
          ns.createNamespace(namespace);
        }
      } catch (AlreadyExistsException e) {
        // created concurrently: fine
      }
    }
  }
}
