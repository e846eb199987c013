package io.leanops.schemas;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Loads topic schema JSON (SPEC.md §5). Columns are either objects ({@code {"type": "BIGINT",
 * "required": true, "pii": false, "source": "device.type"}}) or a bare type string ({@code
 * "STRING"}). {@code envelope_columns} may be left out: the standard envelope is then used.
 *
 * <p>A file with problems is rejected with an {@link InvalidSchemaException} listing every problem
 * found — unknown keys, bad types, bad names, duplicates — each with the file, the field and what
 * to do, so one edit fixes them all.
 */
public final class TopicSchemaParser {
  // Trailing content after the schema object (a second object, a stray bracket) is an error, not
  // something to ignore: the file is not what its author thinks it is.
  private static final ObjectMapper MAPPER =
      new ObjectMapper()
          .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  private static final Set<String> TOP_KEYS =
      Set.of(
          "topic_name",
          "schema_version",
          "lookback_months",
          "drift_policy",
          "change_intent",
          "envelope_columns",
          "payload_columns",
          "description");
  private static final Set<String> COLUMN_KEYS =
      Set.of("type", "required", "pii", "source", "description");

  private TopicSchemaParser() {}

  /** Reads and parses a schema file. */
  public static TopicSchema read(Path file) throws IOException {
    return parse(new String(Files.readAllBytes(file), StandardCharsets.UTF_8), file.toString());
  }

  /**
   * Parses schema JSON read from {@code origin} (used in messages only).
   *
   * @throws InvalidSchemaException listing every problem when the schema cannot be used
   */
  public static TopicSchema parse(String json, String origin) {
    List<SchemaProblem> problems = new ArrayList<>();
    TopicSchema schema = parse(json, origin, problems);
    if (!problems.isEmpty()) {
      throw new InvalidSchemaException(problems);
    }
    return schema;
  }

  /**
   * Parses schema JSON, adding every problem to {@code problems}; returns null when there are any.
   */
  public static TopicSchema parse(String json, String origin, List<SchemaProblem> problems) {
    return new Reader(origin, problems).read(json);
  }

  private static final class Reader {
    private final String origin;
    private final List<SchemaProblem> problems;
    private final int problemsBefore;

    Reader(String origin, List<SchemaProblem> problems) {
      this.origin = origin;
      this.problems = problems;
      this.problemsBefore = problems.size();
    }

    private void problem(String field, String message) {
      problems.add(new SchemaProblem(origin, field, message));
    }

    TopicSchema read(String json) {
      JsonNode root;
      try {
        root = MAPPER.readTree(json);
      } catch (JsonProcessingException e) {
        problem("$", "not valid JSON: " + e.getOriginalMessage()
            + " (line " + e.getLocation().getLineNr() + ", column "
            + e.getLocation().getColumnNr() + ")");
        return null;
      }
      if (root == null || !root.isObject()) {
        problem("$", "a schema must be a JSON object with topic_name, schema_version and"
            + " payload_columns");
        return null;
      }
      unknownKeys(root, "", TOP_KEYS);

      String topic = requiredText(root, "topic_name");
      if (topic != null && !TopicNames.isValid(topic)) {
        problem("topic_name", "'" + topic + "' is not a valid topic name: use a lower-case letter"
            + " followed by lower-case letters, digits or '_'");
      }
      String version = requiredText(root, "schema_version");
      Lookback lookback = lookback(root.get("lookback_months"));
      DriftPolicy policy = driftPolicy(root.get("drift_policy"));
      String intent = changeIntent(root.get("change_intent"));

      Map<String, ColumnSpec> envelope = new LinkedHashMap<>();
      JsonNode envelopeNode = root.get("envelope_columns");
      if (envelopeNode == null || envelopeNode.isNull()) {
        TopicSchema.defaultEnvelope().forEach(c -> envelope.put(c.name(), c));
      } else {
        columns(envelopeNode, "envelope_columns", envelope);
        for (String name : envelope.keySet()) {
          if (!Envelope.FIELDS.contains(name)) {
            problem("envelope_columns." + name, "'" + name + "' is not an envelope field ("
                + String.join(", ", new java.util.TreeSet<>(Envelope.FIELDS))
                + "); move it to payload_columns");
          }
        }
      }
      Map<String, ColumnSpec> payload = new LinkedHashMap<>();
      JsonNode payloadNode = root.get("payload_columns");
      if (payloadNode == null || payloadNode.isNull()) {
        problem("payload_columns", "missing; list the payload columns (an empty object {} if none)");
      } else {
        columns(payloadNode, "payload_columns", payload);
      }
      for (String name : payload.keySet()) {
        if (envelope.containsKey(name)) {
          problem("payload_columns." + name,
              "'" + name + "' is also an envelope column; declare it once");
        }
      }
      if (problems.size() > problemsBefore) {
        return null;
      }
      TopicSchema.Builder b =
          TopicSchema.builder(topic, version)
              .lookback(lookback)
              .driftPolicy(policy)
              .changeIntent(intent)
              .envelope(new ArrayList<>(envelope.values()));
      payload.values().forEach(b::payload);
      return b.build();
    }

    private void unknownKeys(JsonNode node, String prefix, Set<String> allowed) {
      for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
        String key = it.next();
        if (!allowed.contains(key)) {
          problem(prefix + key, "unknown key; allowed keys are "
              + String.join(", ", new java.util.TreeSet<>(allowed)));
        }
      }
    }

    private String requiredText(JsonNode root, String key) {
      JsonNode node = root.get(key);
      if (node == null || node.isNull()) {
        problem(key, "missing; it is required");
        return null;
      }
      if (!node.isTextual() || node.asText().isBlank()) {
        problem(key, "must be a non-empty string, got " + node);
        return null;
      }
      return node.asText();
    }

    private Lookback lookback(JsonNode node) {
      if (node == null || node.isNull()) {
        return Lookback.DEFAULT;
      }
      if (node.isTextual() && node.asText().equalsIgnoreCase("all")) {
        return Lookback.ALL;
      }
      if (node.isIntegralNumber() && node.canConvertToInt() && node.asInt() >= 0) {
        return Lookback.months(node.asInt());
      }
      problem("lookback_months", "must be a whole number of months (0 or more) or \"all\", got "
          + node);
      return Lookback.DEFAULT;
    }

    private DriftPolicy driftPolicy(JsonNode node) {
      if (node == null || node.isNull()) {
        return DriftPolicy.HOLD;
      }
      if (node.isTextual()) {
        for (DriftPolicy p : DriftPolicy.values()) {
          if (p.name().equalsIgnoreCase(node.asText())) {
            return p;
          }
        }
      }
      problem("drift_policy", "must be \"HOLD\" or \"CURATE_KNOWN\", got " + node);
      return DriftPolicy.HOLD;
    }

    private String changeIntent(JsonNode node) {
      if (node == null || node.isNull()) {
        return null;
      }
      if (node.isTextual() && node.asText().equalsIgnoreCase(TopicSchema.NUCLEAR_RESET)) {
        return TopicSchema.NUCLEAR_RESET;
      }
      problem("change_intent", "the only declared change is \"NUCLEAR_RESET\", got " + node);
      return null;
    }

    private void columns(JsonNode node, String section, Map<String, ColumnSpec> out) {
      if (!node.isObject()) {
        problem(section, "must be an object of column name → type or column definition");
        return;
      }
      for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        ColumnSpec column = column(section + "." + e.getKey(), e.getKey(), e.getValue());
        if (column != null) {
          out.put(column.name(), column);
        }
      }
    }

    private ColumnSpec column(String field, String name, JsonNode node) {
      boolean ok = true;
      if (!ColumnNames.isValid(name)) {
        problem(field, "'" + name + "' is not a valid column name; use lower-case letters, digits"
            + " and '_' (e.g. '" + ColumnNames.segment(name) + "')");
        ok = false;
      } else if (TopicSchema.RESERVED_COLUMNS.contains(name)) {
        problem(field, "'" + name + "' is a system column of CURATED; choose another name");
        ok = false;
      }
      if (node.isTextual()) {
        ColumnType type = type(field, node.asText());
        return ok && type != null ? ColumnSpec.of(name, type) : null;
      }
      if (!node.isObject()) {
        problem(field, "must be a type string such as \"STRING\" or an object with \"type\"");
        return null;
      }
      unknownKeys(node, field + ".", COLUMN_KEYS);
      JsonNode typeNode = node.get("type");
      ColumnType type = null;
      if (typeNode == null || !typeNode.isTextual()) {
        problem(field + ".type", "missing; set it to one of STRING, INT, BIGINT, FLOAT, DOUBLE,"
            + " BOOLEAN, DATE, TIMESTAMP, DECIMAL(p,s)");
      } else {
        type = type(field + ".type", typeNode.asText());
      }
      boolean required = flag(node, field, "required");
      boolean pii = flag(node, field, "pii");
      String source = null;
      JsonNode sourceNode = node.get("source");
      if (sourceNode != null && !sourceNode.isNull()) {
        if (!sourceNode.isTextual() || sourceNode.asText().isBlank()) {
          problem(field + ".source", "must be a dotted JSON path such as \"device.type\"");
        } else {
          source = sourceNode.asText();
        }
      }
      if (!ok || type == null) {
        return null;
      }
      return ColumnSpec.of(name, type).withRequired(required).withPii(pii).withSource(source);
    }

    private ColumnType type(String field, String text) {
      try {
        return ColumnType.parse(text);
      } catch (IllegalArgumentException e) {
        problem(field, e.getMessage());
        return null;
      }
    }

    private boolean flag(JsonNode node, String field, String key) {
      JsonNode value = node.get(key);
      if (value == null || value.isNull()) {
        return false;
      }
      if (!value.isBoolean()) {
        problem(field + "." + key, "must be true or false, got " + value);
        return false;
      }
      return value.asBoolean();
    }
  }

  /** Renders a schema back to its JSON form (object columns, envelope included). */
  public static String toJson(TopicSchema schema) {
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("topic_name", schema.topicName());
    root.put("schema_version", schema.schemaVersion());
    root.put("lookback_months",
        schema.lookback().isAll() ? "all" : (Object) schema.lookback().months());
    root.put("drift_policy", schema.driftPolicy().name());
    if (schema.changeIntent() != null) {
      root.put("change_intent", schema.changeIntent());
    }
    root.put("envelope_columns", columnsJson(schema.envelopeColumns()));
    root.put("payload_columns", columnsJson(schema.payloadColumns()));
    try {
      return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(root);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Map<String, Object> columnsJson(Map<String, ColumnSpec> columns) {
    Map<String, Object> out = new LinkedHashMap<>();
    for (ColumnSpec c : columns.values()) {
      Map<String, Object> col = new LinkedHashMap<>();
      col.put("type", c.type().toString());
      if (c.required()) {
        col.put("required", true);
      }
      if (c.pii()) {
        col.put("pii", true);
      }
      if (c.source() != null) {
        col.put("source", c.source());
      }
      out.put(c.name(), col);
    }
    return out;
  }

}
