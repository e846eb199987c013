package io.leanops.schemas;

import java.io.Serializable;
import java.util.List;
import java.util.Objects;

/**
 * What {@link ChangeClassifier} decided about a schema file compared with its base version: the
 * {@link Kind}, the reasons a person reads (one sentence each, in order) and the {@link
 * CompatibilityReport} behind it (null for {@link Kind#NEW_TABLE}, which has no base). Immutable.
 */
public final class Classification implements Serializable {
  private static final long serialVersionUID = 1L;

  /** The change classes of SPEC.md §5. */
  public enum Kind {
    /** There is no base schema: the topic's tables are created. */
    NEW_TABLE,
    /** Compatible changes: the tables evolve in place, possibly with a full catch-up. */
    SCHEMA_EVOLVE,
    /** Breaking changes declared with {@code "change_intent": "NUCLEAR_RESET"}: the topic is rebuilt. */
    NUCLEAR_RESET,
    /** Only {@code source} mappings or metadata differ (or nothing): no table change. */
    PURE_REMAP,
    /** Breaking changes not declared: refused; the linter exits non-zero with the reasons. */
    BLOCKED
  }

  private final Kind kind;
  private final List<String> reasons;
  private final CompatibilityReport report;

  private Classification(Kind kind, List<String> reasons, CompatibilityReport report) {
    this.kind = Objects.requireNonNull(kind, "kind");
    this.reasons = List.copyOf(reasons);
    this.report = report;
  }

  static Classification of(Kind kind, List<String> reasons, CompatibilityReport report) {
    return new Classification(kind, reasons, report);
  }

  public Kind kind() {
    return kind;
  }

  /** Why, one sentence per entry; for {@link Kind#BLOCKED} the last one says what to do. */
  public List<String> reasons() {
    return reasons;
  }

  /** The comparison with the base schema, or null when there is no base. */
  public CompatibilityReport report() {
    return report;
  }

  /** True for {@link Kind#BLOCKED}: the schema must not be promoted. */
  public boolean isBlocked() {
    return kind == Kind.BLOCKED;
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof Classification)) {
      return false;
    }
    Classification that = (Classification) o;
    return kind == that.kind
        && reasons.equals(that.reasons)
        && Objects.equals(report, that.report);
  }

  @Override
  public int hashCode() {
    return Objects.hash(kind, reasons, report);
  }

  @Override
  public String toString() {
    return kind + " " + reasons;
  }
}
