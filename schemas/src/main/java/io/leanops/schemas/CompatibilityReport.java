package io.leanops.schemas;

import java.io.Serializable;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Every difference {@link CompatibilityChecker} found between an old and a candidate topic schema,
 * in the checker's deterministic order, and what they mean together:
 *
 * <ul>
 *   <li>{@link #isBreaking()}: at least one change may not fit existing data;
 *   <li>{@link #needsFullCatchUp()}: the data stays valid but every period must be re-curated (a
 *       column became STRING, or a pii flag changed), because Iceberg cannot rewrite it in place;
 *   <li>{@link #isEnhancement()}: compatible, and the table evolves (a column added or relaxed, a
 *       type widened, or a full catch-up);
 *   <li>{@link #isRemapOnly()}: nothing but {@code source} mappings or metadata changed (or
 *       nothing at all).
 * </ul>
 *
 * <p>Immutable. {@link #render()} gives one line per change for people, e.g.
 *
 * <pre>{@code
 * BREAKING       amount: DECIMAL(12,2) → DECIMAL(10,2): precision narrowing; values with more than 8 integer digits would not fit
 * ENHANCEMENT    device_os: new optional column; rows already curated hold null in it
 * }</pre>
 */
public final class CompatibilityReport implements Serializable {
  private static final long serialVersionUID = 1L;

  private static final int LABEL_WIDTH = longestSeverityName() + 2;

  private final List<SchemaChange> changes;

  private CompatibilityReport(List<SchemaChange> changes) {
    this.changes = List.copyOf(changes);
  }

  /** A report of {@code changes}, kept in the order given. */
  public static CompatibilityReport of(List<SchemaChange> changes) {
    return new CompatibilityReport(changes);
  }

  /** Every change, in order. */
  public List<SchemaChange> changes() {
    return changes;
  }

  /** True when the two schemas are the same in everything the checker compares. */
  public boolean isEmpty() {
    return changes.isEmpty();
  }

  /** True when at least one change is {@link Severity#BREAKING}. */
  public boolean isBreaking() {
    return changes.stream().anyMatch(SchemaChange::isBreaking);
  }

  /** The {@link Severity#BREAKING} changes, in order. */
  public List<SchemaChange> breakingChanges() {
    return of(Severity.BREAKING);
  }

  /** The changes of {@code severity}, in order. */
  public List<SchemaChange> of(Severity severity) {
    return changes.stream()
        .filter(c -> c.severity() == severity)
        .collect(Collectors.toUnmodifiableList());
  }

  /**
   * True when a change is {@link Severity#FULL_CATCH_UP}: a column became STRING or its pii flag
   * changed. The data stays valid, but Iceberg cannot change the column in place, so promotion
   * re-curates every period of the topic.
   */
  public boolean needsFullCatchUp() {
    return changes.stream().anyMatch(c -> c.severity() == Severity.FULL_CATCH_UP);
  }

  /**
   * True when nothing is breaking and at least one change evolves the table: {@link
   * Severity#ENHANCEMENT}, {@link Severity#WIDENING} or {@link Severity#FULL_CATCH_UP}.
   */
  public boolean isEnhancement() {
    return !isBreaking()
        && changes.stream()
            .anyMatch(c -> c.severity() != Severity.REMAP && c.severity() != Severity.BREAKING);
  }

  /** True when every change (possibly none) is a {@link Severity#REMAP}. */
  public boolean isRemapOnly() {
    return changes.stream().allMatch(c -> c.severity() == Severity.REMAP);
  }

  /** The most severe change's severity, or empty when there are no changes. */
  public Optional<Severity> maxSeverity() {
    return changes.stream().map(SchemaChange::severity).max(Enum::compareTo);
  }

  /**
   * One line per change: the severity padded to a column, then {@code field: message}; {@code no
   * changes} when there are none. Lines are joined with {@code \n}, without a trailing newline.
   */
  public String render() {
    if (changes.isEmpty()) {
      return "no changes";
    }
    return changes.stream().map(CompatibilityReport::line).collect(Collectors.joining("\n"));
  }

  private static String line(SchemaChange change) {
    StringBuilder s = new StringBuilder(change.severity().name());
    while (s.length() < LABEL_WIDTH) {
      s.append(' ');
    }
    return s.append(change.describe()).toString();
  }

  private static int longestSeverityName() {
    int longest = 0;
    for (Severity s : Severity.values()) {
      longest = Math.max(longest, s.name().length());
    }
    return longest;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof CompatibilityReport && ((CompatibilityReport) o).changes.equals(changes);
  }

  @Override
  public int hashCode() {
    return changes.hashCode();
  }

  @Override
  public String toString() {
    return render();
  }
}
