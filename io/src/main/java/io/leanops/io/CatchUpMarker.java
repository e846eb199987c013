package io.leanops.io;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The catch-up a schema promotion asks for, stored as {@code <root>/<topic>/catchup.json} (see
 * {@link SchemaStore} for the format). Immutable.
 */
public final class CatchUpMarker {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private final String topic;
  private final String classification;
  private final String reason;
  private final boolean full;
  private final boolean rebuildRequired;
  private final String fromVersion;
  private final String toVersion;
  private final String requestedAt;

  CatchUpMarker(String topic, String classification, String reason, boolean full,
      boolean rebuildRequired, String fromVersion, String toVersion, String requestedAt) {
    this.topic = Objects.requireNonNull(topic, "topic");
    this.classification = classification;
    this.reason = Objects.requireNonNull(reason, "reason");
    this.full = full;
    this.rebuildRequired = rebuildRequired;
    this.fromVersion = fromVersion;
    this.toVersion = toVersion;
    this.requestedAt = requestedAt;
  }

  public String topic() {
    return topic;
  }

  /** The classification of the promotion that asked for it ({@code SCHEMA_EVOLVE}, {@code NUCLEAR_RESET}). */
  public String classification() {
    return classification;
  }

  /** Why, for people. */
  public String reason() {
    return reason;
  }

  /** True: every period of the topic is re-curated; false: only the periods with drift. */
  public boolean full() {
    return full;
  }

  /** True after a declared {@code NUCLEAR_RESET}: the topic is rebuilt from RAW. */
  public boolean rebuildRequired() {
    return rebuildRequired;
  }

  /** The active version before the first promotion that asked for this catch-up; null if none. */
  public String fromVersion() {
    return fromVersion;
  }

  /** The version promoted last. */
  public String toVersion() {
    return toVersion;
  }

  /** When it was (last) asked for, ISO-8601 UTC. */
  public String requestedAt() {
    return requestedAt;
  }

  /**
   * This marker followed by {@code later}, for a second promotion before the catch-up ran: the
   * catch-up starts from this one's {@code from_version}, goes to {@code later}'s version, and is
   * full or a rebuild when either asks for it.
   */
  CatchUpMarker then(CatchUpMarker later) {
    return new CatchUpMarker(topic,
        rebuildRequired || later.rebuildRequired ? "NUCLEAR_RESET" : later.classification,
        reason + "; then " + later.reason,
        full || later.full,
        rebuildRequired || later.rebuildRequired,
        fromVersion,
        later.toVersion,
        later.requestedAt);
  }

  /** The fields in file order. */
  public Map<String, Object> toMap() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("topic", topic);
    m.put("classification", classification);
    m.put("reason", reason);
    m.put("full", full);
    m.put("rebuild_required", rebuildRequired);
    m.put("from_version", fromVersion);
    m.put("to_version", toVersion);
    m.put("requested_at", requestedAt);
    return m;
  }

  /** One line of JSON, the form written to {@code catchup.json}. */
  public String toJson() {
    try {
      return MAPPER.writeValueAsString(toMap());
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Reads a marker written by {@link #toJson()}.
   *
   * @throws IllegalArgumentException when {@code json} is not a marker
   */
  public static CatchUpMarker fromJson(String json, String origin) {
    JsonNode n;
    try {
      n = MAPPER.readTree(json);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(origin + " is not valid JSON: " + e.getOriginalMessage()
          + "; delete it and promote the schema again, or write it as documented in SchemaStore");
    }
    if (n == null || !n.isObject() || !n.path("topic").isTextual() || !n.path("reason").isTextual()
        || !n.path("full").isBoolean()) {
      throw new IllegalArgumentException(origin + " is not a catch-up marker (needs topic, reason"
          + " and full); delete it and promote the schema again");
    }
    return new CatchUpMarker(n.get("topic").asText(), text(n, "classification"),
        n.get("reason").asText(), n.get("full").asBoolean(),
        n.path("rebuild_required").asBoolean(false), text(n, "from_version"),
        text(n, "to_version"), text(n, "requested_at"));
  }

  private static String text(JsonNode n, String key) {
    JsonNode v = n.get(key);
    return v == null || v.isNull() ? null : v.asText();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof CatchUpMarker && ((CatchUpMarker) o).toMap().equals(toMap());
  }

  @Override
  public int hashCode() {
    return toMap().hashCode();
  }

  @Override
  public String toString() {
    return toJson();
  }
}
