package io.leanops.io;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.leanops.transforms.DriftEvent;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Everything a run decided, kept in the summary of its main commit so that the side-table commits
 * (audit row, drift rows, staged error files) can be replayed exactly after a crash: run id, stage,
 * topic, source range, start and finish times, counts, drift found and staged side-table files.
 */
public final class RunRecord implements Serializable {
  private static final long serialVersionUID = 1L;
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private final String runId;
  private final String stage;
  private final String topic;
  private final Long sourceFrom;
  private final Long sourceTo;
  private final long startedMicros;
  private final long finishedMicros;
  private final Map<String, Long> counts;
  private final List<DriftEvent> drift;
  private final Map<String, String> staged;

  public RunRecord(String runId, String stage, String topic, Long sourceFrom, Long sourceTo,
      long startedMicros, long finishedMicros, Map<String, Long> counts, List<DriftEvent> drift,
      Map<String, String> staged) {
    this.runId = Objects.requireNonNull(runId);
    this.stage = Objects.requireNonNull(stage);
    this.topic = Objects.requireNonNull(topic);
    this.sourceFrom = sourceFrom;
    this.sourceTo = sourceTo;
    this.startedMicros = startedMicros;
    this.finishedMicros = finishedMicros;
    this.counts = new TreeMap<>(counts);
    this.drift = List.copyOf(drift);
    this.staged = new TreeMap<>(staged);
  }

  public String runId() {
    return runId;
  }

  public String stage() {
    return stage;
  }

  public String topic() {
    return topic;
  }

  public Long sourceFrom() {
    return sourceFrom;
  }

  public Long sourceTo() {
    return sourceTo;
  }

  public long startedMicros() {
    return startedMicros;
  }

  public long finishedMicros() {
    return finishedMicros;
  }

  /** Counts by name (sorted); a name not present is 0. */
  public Map<String, Long> counts() {
    return counts;
  }

  public long count(String name) {
    return counts.getOrDefault(name, 0L);
  }

  public List<DriftEvent> drift() {
    return drift;
  }

  /** Side-table identifier → location of its staged data file list. */
  public Map<String, String> staged() {
    return staged;
  }

  /** The marker that carries this record. */
  public RunMarker marker() {
    return RunMarker.of(runId, stage, topic, sourceFrom, sourceTo, toJson());
  }

  public String toJson() {
    ObjectNode root = MAPPER.createObjectNode();
    root.put("run_id", runId).put("stage", stage).put("topic", topic);
    root.put("source_from", sourceFrom).put("source_to", sourceTo);
    root.put("started_micros", startedMicros).put("finished_micros", finishedMicros);
    ObjectNode c = root.putObject("counts");
    counts.forEach(c::put);
    ArrayNode d = root.putArray("drift");
    for (DriftEvent e : drift) {
      ObjectNode n = d.addObject();
      n.put("period_reference", e.periodReference());
      n.put("message_id", e.firstMessageId());
      n.put("first_ingestion_micros", e.firstIngestionTsMicros());
      ArrayNode cols = n.putArray("columns");
      e.driftedColumns().forEach(cols::add);
    }
    ObjectNode s = root.putObject("staged");
    staged.forEach(s::put);
    try {
      return MAPPER.writeValueAsString(root);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  public static RunRecord fromJson(String json) {
    try {
      JsonNode root = MAPPER.readTree(json);
      Map<String, Long> counts = new TreeMap<>();
      for (Iterator<Map.Entry<String, JsonNode>> it = root.get("counts").fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        counts.put(e.getKey(), e.getValue().asLong());
      }
      String topic = root.get("topic").asText();
      List<DriftEvent> drift = new ArrayList<>();
      for (JsonNode n : root.get("drift")) {
        List<String> cols = new ArrayList<>();
        n.get("columns").forEach(x -> cols.add(x.asText()));
        drift.add(DriftEvent.of(topic, textOrNull(n.get("period_reference")),
            n.get("message_id").asText(), n.get("first_ingestion_micros").asLong(), cols));
      }
      Map<String, String> staged = new TreeMap<>();
      for (Iterator<Map.Entry<String, JsonNode>> it = root.get("staged").fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        staged.put(e.getKey(), e.getValue().asText());
      }
      return new RunRecord(root.get("run_id").asText(), root.get("stage").asText(), topic,
          longOrNull(root.get("source_from")), longOrNull(root.get("source_to")),
          root.get("started_micros").asLong(), root.get("finished_micros").asLong(), counts, drift,
          staged);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("unreadable run record in a snapshot summary: " + json, e);
    }
  }

  private static String textOrNull(JsonNode n) {
    return n == null || n.isNull() ? null : n.asText();
  }

  private static Long longOrNull(JsonNode n) {
    return n == null || n.isNull() ? null : n.asLong();
  }
}
