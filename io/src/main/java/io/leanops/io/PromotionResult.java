package io.leanops.io;

import io.leanops.schemas.Classification;
import java.util.List;
import java.util.Objects;

/**
 * What {@link SchemaStore#promote} did with a topic's pending schema: promoted it (the old active
 * archived, a catch-up asked for when the change needs one) or failed it (moved to {@code failed/}
 * with every error; the active schema untouched). Immutable.
 */
public final class PromotionResult {
  /** One reason a candidate was refused, as listed in {@code failed/error.json}. */
  public static final class Problem {
    private final String type;
    private final String field;
    private final String message;

    Problem(String type, String field, String message) {
      this.type = Objects.requireNonNull(type, "type");
      this.field = Objects.requireNonNull(field, "field");
      this.message = Objects.requireNonNull(message, "message");
    }

    /** {@code PARSE_ERROR} for a file problem, else the {@link io.leanops.schemas.ChangeKind} name. */
    public String type() {
      return type;
    }

    public String field() {
      return field;
    }

    public String message() {
      return message;
    }

    @Override
    public String toString() {
      return type + " " + field + ": " + message;
    }
  }

  /** {@link Problem#type()} of a problem found while parsing the candidate file. */
  public static final String PARSE_ERROR = "PARSE_ERROR";

  private final String topic;
  private final boolean promoted;
  private final Classification classification;
  private final List<String> reasons;
  private final String candidateVersion;
  private final String activeVersion;
  private final List<Problem> errors;
  private final String actionRequired;
  private final CatchUpMarker catchUp;
  private final String archivedTo;

  PromotionResult(String topic, boolean promoted, Classification classification,
      List<String> reasons, String candidateVersion, String activeVersion, List<Problem> errors,
      String actionRequired, CatchUpMarker catchUp, String archivedTo) {
    this.topic = topic;
    this.promoted = promoted;
    this.classification = classification;
    this.reasons = List.copyOf(reasons);
    this.candidateVersion = candidateVersion;
    this.activeVersion = activeVersion;
    this.errors = List.copyOf(errors);
    this.actionRequired = actionRequired;
    this.catchUp = catchUp;
    this.archivedTo = archivedTo;
  }

  public String topic() {
    return topic;
  }

  /** True when the candidate is now the active schema. */
  public boolean promoted() {
    return promoted;
  }

  /** The classification against the active schema; null when the candidate could not be parsed. */
  public Classification classification() {
    return classification;
  }

  /** Why, one sentence each: the classification's reasons, or the errors when unparseable. */
  public List<String> reasons() {
    return reasons;
  }

  /** The candidate's {@code schema_version}; null when it could not be parsed. */
  public String candidateVersion() {
    return candidateVersion;
  }

  /** The version that was active before the promotion; null when the topic had none. */
  public String activeVersion() {
    return activeVersion;
  }

  /** Every error of a failed promotion (empty when promoted). */
  public List<Problem> errors() {
    return errors;
  }

  /** What to do after a failed promotion; null when promoted. */
  public String actionRequired() {
    return actionRequired;
  }

  /** The catch-up the promotion asked for (as now stored in catchup.json); null when none. */
  public CatchUpMarker catchUp() {
    return catchUp;
  }

  /** True when the promotion asked for a catch-up or a rebuild. */
  public boolean needsCatchUp() {
    return catchUp != null;
  }

  /** True when this promotion needs every period re-curated (→STRING, pii, NUCLEAR_RESET). */
  public boolean fullCatchUp() {
    return catchUp != null && catchUp.full();
  }

  public boolean rebuildRequired() {
    return catchUp != null && catchUp.rebuildRequired();
  }

  /** Where the previous active schema was archived; null when there was none or on failure. */
  public String archivedTo() {
    return archivedTo;
  }

  @Override
  public String toString() {
    return (promoted ? "PROMOTED " : "FAILED ") + topic + " "
        + (classification == null ? "INVALID" : classification.kind()) + " " + reasons;
  }
}
