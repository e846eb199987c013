package io.leanops.io;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.leanops.schemas.ChangeClassifier;
import io.leanops.schemas.ChangeKind;
import io.leanops.schemas.Classification;
import io.leanops.schemas.SchemaChange;
import io.leanops.schemas.SchemaProblem;
import io.leanops.schemas.TopicSchema;
import io.leanops.schemas.TopicSchemaParser;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.MatchResult;
import org.apache.beam.sdk.io.fs.MoveOptions;
import org.apache.beam.sdk.io.fs.ResourceId;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.util.MimeTypes;

/**
 * The schema store (SPEC.md §5): a local folder or {@code s3://bucket/prefix}, read and written
 * only through Beam's {@link FileSystems} (match, open, create, rename, delete), so both go through
 * the same code. Topic names are validated ({@link LakehouseTables#checkTopic}) before any path is
 * built. Layout under the root:
 *
 * <pre>
 * &lt;root&gt;/&lt;topic&gt;/pending/schema.json      the candidate, written by people or CI
 * &lt;root&gt;/&lt;topic&gt;/active/schema.json       the schema the pipelines use
 * &lt;root&gt;/&lt;topic&gt;/archive/&lt;version&gt;_&lt;yyyyMMdd_HHmmss&gt;.json   each replaced active (UTC time)
 * &lt;root&gt;/&lt;topic&gt;/failed/schema.json       the last refused candidate
 * &lt;root&gt;/&lt;topic&gt;/failed/error.json        why it was refused
 * &lt;root&gt;/&lt;topic&gt;/catchup.json             the catch-up a promotion asked for
 * </pre>
 *
 * <h2>Promotion</h2>
 *
 * {@link #promote} parses the pending file and classifies it against the active schema with
 * {@link ChangeClassifier}. {@code NEW_TABLE}, {@code SCHEMA_EVOLVE}, {@code PURE_REMAP} and a
 * declared {@code NUCLEAR_RESET} are promoted: the old active is copied to {@code archive/}, the
 * catch-up marker is written when needed, the candidate (its text as written) becomes the active
 * schema, and the pending file and any earlier {@code failed/} files are deleted. Unparseable and
 * {@code BLOCKED} candidates (and one whose {@code topic_name} is not its folder's topic) fail:
 * {@code failed/error.json} lists every error and the pending file is moved to {@code
 * failed/schema.json}; the active schema is never touched. {@code failed/error.json}:
 *
 * <pre>{@code
 * {"topic":"events","candidate_version":"3.0.0","active_version":"2.0.0",
 *  "errors":[{"type":"COLUMN_REMOVED","field":"device_type","message":"..."},
 *            {"type":"TYPE_NARROWED","field":"user_id","message":"..."}],
 *  "action_required":"...","failed_at":"2026-01-31T10:15:30Z"}
 * }</pre>
 *
 * {@code type} is {@value PromotionResult#PARSE_ERROR} for a problem in the file (with the field
 * it concerns, e.g. {@code payload_columns.amount.type}), otherwise a {@link ChangeKind} name.
 *
 * <h2>{@code catchup.json}</h2>
 *
 * Written by a promotion whose change needs stored periods re-curated, read (and deleted once
 * done, with {@link #clearCatchUp}) by the catch-up and rebuild commands. One JSON object:
 *
 * <pre>{@code
 * {"topic":"events","classification":"SCHEMA_EVOLVE",
 *  "reason":"SCHEMA_EVOLVE 1.0.0 → 2.0.0: device_os: new optional STRING column ...",
 *  "full":false,"rebuild_required":false,"from_version":"1.0.0","to_version":"2.0.0",
 *  "requested_at":"2026-01-31T10:15:30Z"}
 * }</pre>
 *
 * <ul>
 *   <li>{@code SCHEMA_EVOLVE} with only added/relaxed columns or widenings: {@code full=false},
 *       re-curate the periods that hold drift (values the new columns can now take);
 *   <li>{@code SCHEMA_EVOLVE} with a column turned STRING or a pii flag changed: {@code
 *       full=true}, re-curate every period of the topic;
 *   <li>{@code NUCLEAR_RESET}: {@code full=true, rebuild_required=true}, rebuild the topic;
 *   <li>{@code NEW_TABLE} and {@code PURE_REMAP}: no marker.
 * </ul>
 *
 * A promotion while a marker is still there merges into it: {@code from_version} stays, {@code
 * to_version} is the new version, {@code full} and {@code rebuild_required} are or-ed, and the
 * reasons are chained — a catch-up asked for is never lost. {@code from_version} is null when the
 * topic had no active schema.
 *
 * <p>Writes go to a temporary file next to the target and are renamed onto it. Two promotions of
 * the same topic must not run at once.
 */
public final class SchemaStore {
  private static final ObjectMapper MAPPER =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  private static final DateTimeFormatter ARCHIVE_STAMP =
      DateTimeFormatter.ofPattern("yyyyMMdd_HHmmss").withZone(ZoneOffset.UTC);

  private final String root;

  private SchemaStore(String root) {
    this.root = Objects.requireNonNull(root, "root");
  }

  /**
   * The store at {@code root}. When {@code root}'s scheme is not registered with {@link
   * FileSystems} yet (no pipeline has set its options), the file systems found on the class path
   * are registered with default options; call {@link #at(String, PipelineOptions)} to register
   * them with yours (e.g. {@code --awsRegion}).
   */
  public static SchemaStore at(String root) {
    return at(root, null);
  }

  /**
   * The store at {@code root}, registering Beam's file systems with {@code options} first (null:
   * only when {@code root}'s scheme is unknown, with default options).
   */
  public static SchemaStore at(String root, PipelineOptions options) {
    Objects.requireNonNull(root, "schema store root");
    if (root.isBlank()) {
      throw new IllegalArgumentException("--schemaStore is empty: give a local folder or"
          + " s3://bucket/prefix");
    }
    if (options != null) {
      FileSystems.setDefaultPipelineOptions(options);
    }
    try {
      FileSystems.matchNewResource(root, true);
    } catch (IllegalArgumentException unknownScheme) {
      FileSystems.setDefaultPipelineOptions(PipelineOptionsFactory.create());
      try {
        FileSystems.matchNewResource(root, true);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("schema store '" + root + "': " + e.getMessage()
            + "; use a local folder or s3://bucket/prefix");
      }
    }
    return new SchemaStore(root.endsWith("/") ? root.substring(0, root.length() - 1) : root);
  }

  public String root() {
    return root;
  }

  /** {@code <root>/<topic>}, after checking the topic name. */
  public String topicPath(String topic) {
    return root + "/" + LakehouseTables.checkTopic(topic);
  }

  /** The location of {@code topic}'s active schema. */
  public String activePath(String topic) {
    return topicPath(topic) + "/active/schema.json";
  }

  public String pendingPath(String topic) {
    return topicPath(topic) + "/pending/schema.json";
  }

  public String failedPath(String topic) {
    return topicPath(topic) + "/failed/schema.json";
  }

  public String failedErrorPath(String topic) {
    return topicPath(topic) + "/failed/error.json";
  }

  public String archiveDir(String topic) {
    return topicPath(topic) + "/archive/";
  }

  public String catchUpPath(String topic) {
    return topicPath(topic) + "/catchup.json";
  }

  /**
   * The active schema of {@code topic}, or null when the topic has none yet.
   *
   * @throws io.leanops.schemas.InvalidSchemaException when the active file is not a valid schema
   */
  public TopicSchema active(String topic) {
    String path = activePath(topic);
    String json = read(path);
    return json == null ? null : TopicSchemaParser.parse(json, path);
  }

  /**
   * The pending schema of {@code topic}, or null when there is none.
   *
   * @throws io.leanops.schemas.InvalidSchemaException when the pending file is not a valid schema
   */
  public TopicSchema pending(String topic) {
    String path = pendingPath(topic);
    String json = read(path);
    return json == null ? null : TopicSchemaParser.parse(json, path);
  }

  /** Writes {@code json} as {@code topic}'s pending schema (not validated: promotion does that). */
  public String writePending(String topic, String json) {
    String path = pendingPath(topic);
    write(path, json);
    return path;
  }

  /** The catch-up {@code topic} waits for, or null when none is asked for. */
  public CatchUpMarker catchUp(String topic) {
    String path = catchUpPath(topic);
    String json = read(path);
    return json == null ? null : CatchUpMarker.fromJson(json, path);
  }

  /** Deletes {@code topic}'s catch-up marker; the catch-up command calls this when it is done. */
  public void clearCatchUp(String topic) {
    delete(catchUpPath(topic));
  }

  /** The text of {@code failed/error.json}, or null when there is none. */
  public String failedError(String topic) {
    return read(failedErrorPath(topic));
  }

  /** The archived schemas of {@code topic}, full locations, in name order. */
  public List<String> archived(String topic) {
    String pattern = archiveDir(topic) + "*.json";
    try {
      MatchResult match = FileSystems.match(pattern);
      if (match.status() != MatchResult.Status.OK) {
        return List.of();
      }
      return match.metadata().stream()
          .map(m -> m.resourceId().toString())
          .sorted()
          .collect(Collectors.toList());
    } catch (FileNotFoundException e) {
      return List.of();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + pattern, e);
    }
  }

  /**
   * Archives {@code json} (a schema of {@code version}) as {@code
   * archive/<version>_<yyyyMMdd_HHmmss>.json}, at {@code clock}'s time in UTC; characters other
   * than letters, digits, {@code .}, {@code _} and {@code -} in the version become {@code _}. A
   * name already taken gets {@code _2}, {@code _3}, ... before {@code .json}.
   *
   * @return the archived file's location
   */
  public String archive(String topic, String version, String json, Clock clock) {
    String base = archiveDir(topic) + safeVersion(version) + "_"
        + ARCHIVE_STAMP.format(clock.instant());
    String path = base + ".json";
    for (int n = 2; exists(path); n++) {
      path = base + "_" + n + ".json";
    }
    write(path, json);
    return path;
  }

  /**
   * Promotes {@code topic}'s pending schema (see the class comment).
   *
   * @throws IllegalArgumentException when there is no pending schema, or the active one is invalid
   */
  public PromotionResult promote(String topic, Clock clock) {
    String pendingPath = pendingPath(topic);
    String candidateJson = read(pendingPath);
    if (candidateJson == null) {
      throw new IllegalArgumentException("no pending schema at " + pendingPath + "; write the"
          + " candidate schema there and promote again");
    }
    String activePath = activePath(topic);
    String activeJson = read(activePath);
    TopicSchema active = activeJson == null ? null : TopicSchemaParser.parse(activeJson, activePath);
    String activeVersion = active == null ? null : active.schemaVersion();

    List<SchemaProblem> problems = new ArrayList<>();
    TopicSchema candidate = TopicSchemaParser.parse(candidateJson, pendingPath, problems);
    if (candidate == null) {
      List<PromotionResult.Problem> errors = problems.stream()
          .map(p -> new PromotionResult.Problem(PromotionResult.PARSE_ERROR, p.field(),
              p.message()))
          .collect(Collectors.toList());
      String action = "fix every error listed (each names its field) in " + failedPath(topic)
          + ", write the corrected file to " + pendingPath + " and run 'leanops schema promote"
          + " --topic=" + topic + "' again; 'leanops schema validate FILE' checks a file first";
      return fail(topic, null, versionIn(candidateJson), activeVersion, errors, action, clock);
    }

    Classification classification = ChangeClassifier.classify(active, candidate);
    List<PromotionResult.Problem> errors = new ArrayList<>();
    String action = null;
    if (!candidate.topicName().equals(topic)) {
      errors.add(new PromotionResult.Problem(ChangeKind.TOPIC_CHANGED.name(), "topic_name",
          "the pending schema of topic '" + topic + "' names topic '" + candidate.topicName()
              + "'"));
      action = "set topic_name to '" + topic + "' in the schema, or promote it as its own topic"
          + " from " + root + "/" + candidate.topicName() + "/pending/schema.json";
    }
    if (classification.isBlocked()) {
      for (SchemaChange c : classification.report().breakingChanges()) {
        if (errors.isEmpty() || c.type() != ChangeKind.TOPIC_CHANGED) {
          errors.add(new PromotionResult.Problem(c.type().name(), c.field(), c.message()));
        }
      }
      if (action == null) {
        action = ChangeClassifier.BLOCKED_ADVICE + "; write the corrected file to " + pendingPath
            + " and run 'leanops schema promote --topic=" + topic + "' again ('leanops schema"
            + " lint --base=DIR FILE' checks it against the active version first)";
      }
    }
    if (!errors.isEmpty()) {
      boolean topicMismatchOnly = !classification.isBlocked();
      return fail(topic, topicMismatchOnly ? null : classification, candidate.schemaVersion(),
          activeVersion, errors, action, clock);
    }

    String archivedTo = activeJson == null ? null
        : archive(topic, activeVersion, activeJson, clock);
    CatchUpMarker catchUp = catchUpFor(topic, classification, activeVersion,
        candidate.schemaVersion(), clock);
    if (catchUp != null) {
      CatchUpMarker waiting = catchUp(topic);
      catchUp = waiting == null ? catchUp : waiting.then(catchUp);
      write(catchUpPath(topic), catchUp.toJson() + "\n");
    }
    write(activePath, candidateJson);
    delete(pendingPath);
    delete(failedPath(topic));
    delete(failedErrorPath(topic));
    return new PromotionResult(topic, true, classification, classification.reasons(),
        candidate.schemaVersion(), activeVersion, List.of(), null, catchUp, archivedTo);
  }

  private PromotionResult fail(String topic, Classification classification,
      String candidateVersion, String activeVersion, List<PromotionResult.Problem> errors,
      String action, Clock clock) {
    Map<String, Object> error = new LinkedHashMap<>();
    error.put("topic", topic);
    error.put("candidate_version", candidateVersion);
    error.put("active_version", activeVersion);
    List<Map<String, String>> list = new ArrayList<>();
    for (PromotionResult.Problem p : errors) {
      Map<String, String> e = new LinkedHashMap<>();
      e.put("type", p.type());
      e.put("field", p.field());
      e.put("message", p.message());
      list.add(e);
    }
    error.put("errors", list);
    error.put("action_required", action);
    error.put("failed_at", clock.instant().toString());
    try {
      write(failedErrorPath(topic), MAPPER.writeValueAsString(error) + "\n");
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
    rename(pendingPath(topic), failedPath(topic));
    List<String> reasons = classification != null ? classification.reasons()
        : errors.stream().map(p -> p.field() + ": " + p.message()).collect(Collectors.toList());
    return new PromotionResult(topic, false, classification, reasons, candidateVersion,
        activeVersion, errors, action, null, null);
  }

  private static CatchUpMarker catchUpFor(String topic, Classification classification,
      String fromVersion, String toVersion, Clock clock) {
    boolean full;
    boolean rebuild = false;
    switch (classification.kind()) {
      case SCHEMA_EVOLVE:
        full = classification.report().needsFullCatchUp();
        break;
      case NUCLEAR_RESET:
        full = true;
        rebuild = true;
        break;
      default:
        return null;
    }
    String reason = classification.kind() + " " + fromVersion + " → " + toVersion + ": "
        + String.join("; ", classification.reasons());
    return new CatchUpMarker(topic, classification.kind().name(), reason, full, rebuild,
        fromVersion, toVersion, clock.instant().toString());
  }

  private static String safeVersion(String version) {
    String v = version == null || version.isBlank() ? "unversioned" : version;
    return v.replaceAll("[^A-Za-z0-9._-]", "_");
  }

  /** The schema_version in a file that does not parse as a schema, when there is one. */
  private static String versionIn(String json) {
    try {
      JsonNode v = MAPPER.readTree(json).get("schema_version");
      return v != null && v.isTextual() ? v.asText() : null;
    } catch (JsonProcessingException | RuntimeException e) {
      return null;
    }
  }

  // ---- FileSystems: the only way this class touches storage ----

  private static boolean exists(String path) {
    try {
      MatchResult match = FileSystems.match(path);
      return match.status() == MatchResult.Status.OK && !match.metadata().isEmpty();
    } catch (FileNotFoundException e) {
      return false;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot look for " + path, e);
    }
  }

  /** The text of {@code path}, or null when it does not exist. */
  private static String read(String path) {
    try {
      MatchResult match = FileSystems.match(path);
      if (match.status() != MatchResult.Status.OK || match.metadata().isEmpty()) {
        return null;
      }
      ResourceId id = match.metadata().get(0).resourceId();
      try (InputStream in = Channels.newInputStream(FileSystems.open(id))) {
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
      }
    } catch (FileNotFoundException e) {
      return null;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + path, e);
    }
  }

  /** Writes {@code text} to a temporary file next to {@code path}, then renames it onto it. */
  private static void write(String path, String text) {
    ResourceId target = FileSystems.matchNewResource(path, false);
    ResourceId temp = FileSystems.matchNewResource(path + ".tmp", false);
    try {
      try (OutputStream out = Channels.newOutputStream(FileSystems.create(temp, MimeTypes.TEXT))) {
        out.write(text.getBytes(StandardCharsets.UTF_8));
      }
      FileSystems.rename(List.of(temp), List.of(target));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + path, e);
    }
  }

  private static void rename(String from, String to) {
    try {
      FileSystems.rename(List.of(FileSystems.matchNewResource(from, false)),
          List.of(FileSystems.matchNewResource(to, false)));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot move " + from + " to " + to, e);
    }
  }

  private static void delete(String path) {
    try {
      FileSystems.delete(List.of(FileSystems.matchNewResource(path, false)),
          MoveOptions.StandardMoveOptions.IGNORE_MISSING_FILES);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete " + path, e);
    }
  }
}
