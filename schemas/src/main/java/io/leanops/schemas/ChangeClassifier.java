package io.leanops.schemas;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Classifies a schema file against its base version for the CI linter (SPEC.md §5):
 *
 * <table>
 *   <caption>Classification rules, first match wins</caption>
 *   <tr><th>condition</th><th>kind</th></tr>
 *   <tr><td>no base</td><td>{@link Classification.Kind#NEW_TABLE}</td></tr>
 *   <tr><td>the topic names differ</td><td>{@link Classification.Kind#BLOCKED}, whatever the
 *       change intent: a reset rebuilds a topic, it cannot rename one</td></tr>
 *   <tr><td>a breaking change, {@code "change_intent": "NUCLEAR_RESET"} declared</td>
 *       <td>{@link Classification.Kind#NUCLEAR_RESET}</td></tr>
 *   <tr><td>a breaking change, no intent declared</td><td>{@link Classification.Kind#BLOCKED}</td></tr>
 *   <tr><td>a widening, enhancement or full catch-up change</td>
 *       <td>{@link Classification.Kind#SCHEMA_EVOLVE}</td></tr>
 *   <tr><td>only {@code source} or metadata changes, or none</td>
 *       <td>{@link Classification.Kind#PURE_REMAP}</td></tr>
 * </table>
 *
 * <p>Reasons list each relevant change as {@code field: message}. A blocked classification ends
 * with what to do; a declared change intent that no breaking change needs is reported as unused.
 */
public final class ChangeClassifier {
  /** The last reason of a {@link Classification.Kind#BLOCKED} classification with breaking changes. */
  public static final String BLOCKED_ADVICE =
      "declare \"change_intent\": \"NUCLEAR_RESET\" to rebuild the topic, or make the change"
          + " compatible";

  private ChangeClassifier() {}

  /**
   * Classifies {@code candidate} against {@code base}.
   *
   * @param base the current version of the schema, or null when the topic has none
   * @param candidate the schema file being checked; not null
   */
  public static Classification classify(TopicSchema base, TopicSchema candidate) {
    Objects.requireNonNull(candidate, "candidate schema");
    boolean intent = TopicSchema.NUCLEAR_RESET.equals(candidate.changeIntent());
    if (base == null) {
      List<String> reasons = new ArrayList<>();
      reasons.add("no base schema: topic '" + candidate.topicName() + "' is created with "
          + candidate.columns().size() + " columns");
      if (intent) {
        reasons.add(unusedIntent("there is no existing table to rebuild"));
      }
      return Classification.of(Classification.Kind.NEW_TABLE, reasons, null);
    }

    CompatibilityReport report = CompatibilityChecker.check(base, candidate);
    List<String> reasons = new ArrayList<>();
    if (!base.topicName().equals(candidate.topicName())) {
      report.breakingChanges().forEach(c -> reasons.add(c.describe()));
      reasons.add("a schema cannot change its topic_name: compare '" + candidate.topicName()
          + "' with the base of topic '" + candidate.topicName() + "', or keep topic_name '"
          + base.topicName() + "'");
      return Classification.of(Classification.Kind.BLOCKED, reasons, report);
    }
    if (report.isBreaking()) {
      report.breakingChanges().forEach(c -> reasons.add(c.describe()));
      if (intent) {
        reasons.add("\"change_intent\": \"NUCLEAR_RESET\" is declared: the topic is rebuilt"
            + " (current STANDARDIZED and CURATED archived, all of RAW re-standardized and"
            + " re-curated)");
        return Classification.of(Classification.Kind.NUCLEAR_RESET, reasons, report);
      }
      reasons.add(BLOCKED_ADVICE);
      return Classification.of(Classification.Kind.BLOCKED, reasons, report);
    }
    if (report.isEnhancement()) {
      report.changes().forEach(c -> reasons.add(c.describe()));
      if (report.needsFullCatchUp()) {
        reasons.add("promotion plans a catch-up of every period of the topic to rewrite the"
            + " changed columns");
      }
      if (intent) {
        reasons.add(unusedIntent("no change is breaking, the table evolves in place"));
      }
      return Classification.of(Classification.Kind.SCHEMA_EVOLVE, reasons, report);
    }
    if (report.isEmpty()) {
      reasons.add("no column changes");
    } else {
      report.changes().forEach(c -> reasons.add(c.describe()));
    }
    if (intent) {
      reasons.add(unusedIntent("no change is breaking, no table changes"));
    }
    return Classification.of(Classification.Kind.PURE_REMAP, reasons, report);
  }

  private static String unusedIntent(String why) {
    return "\"change_intent\": \"NUCLEAR_RESET\" is declared but unused (" + why + "); remove it";
  }
}
