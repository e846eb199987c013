package io.leanops.schemas;

/**
 * What changed between two versions of a topic schema. Each kind has a fixed {@link Severity};
 * its {@link #name()} is the stable {@code type} code written to {@code failed/error.json}.
 */
public enum ChangeKind {
  /** The two schemas name different topics; they cannot be compared. */
  TOPIC_CHANGED(Severity.BREAKING),
  /** A column was removed. */
  COLUMN_REMOVED(Severity.BREAKING),
  /** A required column was added: rows already curated have no value for it. */
  COLUMN_ADDED_REQUIRED(Severity.BREAKING),
  /** An optional column was made required: rows already curated may hold null in it. */
  COLUMN_MADE_REQUIRED(Severity.BREAKING),
  /** A type was narrowed (BIGINT→INT, DOUBLE→FLOAT, DECIMAL precision narrowing). */
  TYPE_NARROWED(Severity.BREAKING),
  /** A STRING column became another type: stored strings may not parse. */
  TYPE_PARSE_RISK(Severity.BREAKING),
  /** A DECIMAL's scale changed. */
  DECIMAL_SCALE_CHANGED(Severity.BREAKING),
  /** Any other type change Iceberg cannot promote in place. */
  TYPE_INCOMPATIBLE(Severity.BREAKING),
  /** A non-STRING column became STRING: every period is re-curated to rewrite it. */
  TYPE_TO_STRING(Severity.FULL_CATCH_UP),
  /** A column's pii flag changed: its stored values change, so every period is re-curated. */
  PII_CHANGED(Severity.FULL_CATCH_UP),
  /** INT→BIGINT, FLOAT→DOUBLE or DECIMAL(p,s)→DECIMAL(p',s) with p' > p. */
  TYPE_WIDENED(Severity.WIDENING),
  /** An optional column was added. */
  COLUMN_ADDED_OPTIONAL(Severity.ENHANCEMENT),
  /** A required column was relaxed to optional. */
  COLUMN_MADE_OPTIONAL(Severity.ENHANCEMENT),
  /** A column is read from another JSON path ({@code source}). */
  SOURCE_CHANGED(Severity.REMAP),
  /** {@code schema_version} changed. */
  SCHEMA_VERSION_CHANGED(Severity.REMAP),
  /** {@code lookback_months} changed. */
  LOOKBACK_CHANGED(Severity.REMAP),
  /** {@code drift_policy} changed. */
  DRIFT_POLICY_CHANGED(Severity.REMAP);

  private final Severity severity;

  ChangeKind(Severity severity) {
    this.severity = severity;
  }

  public Severity severity() {
    return severity;
  }
}
