package io.leanops.schemas;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * Compares an old topic schema with a candidate (SPEC.md §5) and lists every difference as a
 * {@link SchemaChange}, so one review fixes them all.
 *
 * <p>Columns (envelope and payload alike) are matched by name. The type rules, old → new:
 *
 * <table>
 *   <caption>Type changes</caption>
 *   <tr><th>change</th><th>kind</th><th>severity</th></tr>
 *   <tr><td>INT→BIGINT, FLOAT→DOUBLE, DECIMAL(p,s)→DECIMAL(p',s) with p' &gt; p</td>
 *       <td>{@link ChangeKind#TYPE_WIDENED}</td><td>WIDENING (Iceberg promotes in place)</td></tr>
 *   <tr><td>any non-STRING → STRING</td><td>{@link ChangeKind#TYPE_TO_STRING}</td>
 *       <td>FULL_CATCH_UP (valid data, but every period is re-curated)</td></tr>
 *   <tr><td>BIGINT→INT, DOUBLE→FLOAT, DECIMAL precision narrowing</td>
 *       <td>{@link ChangeKind#TYPE_NARROWED}</td><td>BREAKING</td></tr>
 *   <tr><td>STRING → any other type</td><td>{@link ChangeKind#TYPE_PARSE_RISK}</td><td>BREAKING</td></tr>
 *   <tr><td>DECIMAL scale change</td><td>{@link ChangeKind#DECIMAL_SCALE_CHANGED}</td><td>BREAKING</td></tr>
 *   <tr><td>anything else</td><td>{@link ChangeKind#TYPE_INCOMPATIBLE}</td><td>BREAKING</td></tr>
 * </table>
 *
 * <p>Column changes: removed, added as required, or made required are BREAKING; added as optional
 * or relaxed to optional are ENHANCEMENT; a {@code pii} flag change is FULL_CATCH_UP; a {@code
 * source} change is REMAP. Schema changes: a different {@code topic_name} is BREAKING; {@code
 * schema_version}, {@code lookback_months} and {@code drift_policy} changes are REMAP (metadata).
 * {@code change_intent} is not a difference: {@link ChangeClassifier} reads it.
 *
 * <p>Types are compared as declared (what values are cast to), not as stored: a pii column's
 * stored digest is a consequence of its {@code pii} flag, which is reported on its own.
 *
 * <p>Order is deterministic: schema-level changes first (in {@link ChangeKind} order), then column
 * changes by column name, then by {@link ChangeKind} order.
 *
 * <pre>{@code
 * CompatibilityReport report = CompatibilityChecker.check(active, candidate);
 * if (report.isBreaking()) {
 *   System.err.println(report.render());
 * }
 * }</pre>
 */
public final class CompatibilityChecker {
  private static final Set<ChangeKind> SCHEMA_LEVEL =
      EnumSet.of(
          ChangeKind.TOPIC_CHANGED,
          ChangeKind.SCHEMA_VERSION_CHANGED,
          ChangeKind.LOOKBACK_CHANGED,
          ChangeKind.DRIFT_POLICY_CHANGED);

  private static final Comparator<SchemaChange> ORDER =
      Comparator.comparing((SchemaChange c) -> SCHEMA_LEVEL.contains(c.type()) ? 0 : 1)
          .thenComparing(c -> SCHEMA_LEVEL.contains(c.type()) ? "" : c.field())
          .thenComparing(SchemaChange::type);

  private CompatibilityChecker() {}

  /** Every difference from {@code old} to {@code candidate}; both must be non-null. */
  public static CompatibilityReport check(TopicSchema old, TopicSchema candidate) {
    Objects.requireNonNull(old, "old schema");
    Objects.requireNonNull(candidate, "candidate schema");
    List<SchemaChange> changes = new ArrayList<>();
    schemaChanges(old, candidate, changes);
    Set<String> names = new TreeSet<>();
    old.columns().forEach(c -> names.add(c.name()));
    candidate.columns().forEach(c -> names.add(c.name()));
    for (String name : names) {
      columnChanges(name, old.column(name), candidate.column(name), changes);
    }
    changes.sort(ORDER);
    return CompatibilityReport.of(changes);
  }

  private static void schemaChanges(TopicSchema old, TopicSchema candidate, List<SchemaChange> out) {
    if (!old.topicName().equals(candidate.topicName())) {
      out.add(SchemaChange.of(ChangeKind.TOPIC_CHANGED, "topic_name",
          "'" + old.topicName() + "' → '" + candidate.topicName() + "': schemas of different"
              + " topics; compare a schema only with the base of its own topic"));
    }
    if (!old.schemaVersion().equals(candidate.schemaVersion())) {
      out.add(SchemaChange.of(ChangeKind.SCHEMA_VERSION_CHANGED, "schema_version",
          old.schemaVersion() + " → " + candidate.schemaVersion() + ": metadata only"));
    }
    if (!old.lookback().equals(candidate.lookback())) {
      out.add(SchemaChange.of(ChangeKind.LOOKBACK_CHANGED, "lookback_months",
          old.lookback() + " → " + candidate.lookback() + ": metadata only; corrections curated"
              + " from now on look for their original within the new window"));
    }
    if (old.driftPolicy() != candidate.driftPolicy()) {
      out.add(SchemaChange.of(ChangeKind.DRIFT_POLICY_CHANGED, "drift_policy",
          old.driftPolicy() + " → " + candidate.driftPolicy() + ": metadata only; applies to"
              + " rows curated from now on"));
    }
  }

  private static void columnChanges(
      String name, ColumnSpec old, ColumnSpec candidate, List<SchemaChange> out) {
    if (candidate == null) {
      out.add(SchemaChange.of(ChangeKind.COLUMN_REMOVED, name,
          old.type() + " column removed: CURATED holds data in it and readers may rely on it;"
              + " keep the column (it may be made optional)"));
      return;
    }
    if (old == null) {
      if (candidate.required()) {
        out.add(SchemaChange.of(ChangeKind.COLUMN_ADDED_REQUIRED, name,
            "new required " + candidate.type() + " column: rows already curated have no value"
                + " for it; add it as optional"));
      } else {
        out.add(SchemaChange.of(ChangeKind.COLUMN_ADDED_OPTIONAL, name,
            "new optional " + candidate.type() + " column: rows already curated hold null in it"
                + " until their periods are caught up"));
      }
      return;
    }
    SchemaChange typeChange = typeChange(name, old.type(), candidate.type());
    if (typeChange != null) {
      out.add(typeChange);
    }
    if (!old.required() && candidate.required()) {
      out.add(SchemaChange.of(ChangeKind.COLUMN_MADE_REQUIRED, name,
          "optional → required: rows already curated may hold null in it; keep it optional"));
    } else if (old.required() && !candidate.required()) {
      out.add(SchemaChange.of(ChangeKind.COLUMN_MADE_OPTIONAL, name,
          "required → optional: existing values stay valid"));
    }
    if (old.pii() != candidate.pii()) {
      out.add(SchemaChange.of(ChangeKind.PII_CHANGED, name,
          "pii " + old.pii() + " → " + candidate.pii() + ": values are stored "
              + (candidate.pii() ? "as SHA-256 digests" : "in clear as " + candidate.type())
              + " from now on; Iceberg cannot rewrite stored values in place, so every period"
              + " is re-curated (full catch-up)"));
    }
    if (!Objects.equals(old.source(), candidate.source())) {
      out.add(SchemaChange.of(ChangeKind.SOURCE_CHANGED, name,
          "source " + sourceOf(old) + " → " + sourceOf(candidate) + ": read from another JSON"
              + " path; stored values and types are unchanged"));
    }
  }

  private static String sourceOf(ColumnSpec column) {
    return column.source() == null ? "(the field '" + column.name() + "')" : "'" + column.source()
        + "'";
  }

  /** The change from {@code from} to {@code to}, or null when they are the same type. */
  static SchemaChange typeChange(String field, ColumnType from, ColumnType to) {
    if (from.equals(to)) {
      return null;
    }
    String pair = from + " → " + to + ": ";
    ColumnType.Kind a = from.kind();
    ColumnType.Kind b = to.kind();
    if ((a == ColumnType.Kind.INT && b == ColumnType.Kind.BIGINT)
        || (a == ColumnType.Kind.FLOAT && b == ColumnType.Kind.DOUBLE)) {
      return SchemaChange.of(ChangeKind.TYPE_WIDENED, field,
          pair + "safe widening; Iceberg promotes the column in place");
    }
    if (a == ColumnType.Kind.DECIMAL && b == ColumnType.Kind.DECIMAL) {
      if (from.scale() != to.scale()) {
        return SchemaChange.of(ChangeKind.DECIMAL_SCALE_CHANGED, field,
            pair + "scale change; Iceberg cannot change a decimal's scale in place and stored"
                + " values would be " + (to.scale() < from.scale() ? "rounded" : "rescaled")
                + "; keep scale " + from.scale());
      }
      if (to.precision() > from.precision()) {
        return SchemaChange.of(ChangeKind.TYPE_WIDENED, field,
            pair + "safe widening; Iceberg promotes the column in place");
      }
      return SchemaChange.of(ChangeKind.TYPE_NARROWED, field,
          pair + "precision narrowing; values with more than " + (to.precision() - to.scale())
              + " integer digits would not fit");
    }
    if (b == ColumnType.Kind.STRING) {
      return SchemaChange.of(ChangeKind.TYPE_TO_STRING, field,
          pair + "compatible (every value can be written as text), but Iceberg cannot promote "
              + from + " to STRING in place, so every period is re-curated (full catch-up)");
    }
    if (a == ColumnType.Kind.BIGINT && b == ColumnType.Kind.INT) {
      return SchemaChange.of(ChangeKind.TYPE_NARROWED, field,
          pair + "narrowing; values outside " + Integer.MIN_VALUE + " to " + Integer.MAX_VALUE
              + " would not fit");
    }
    if (a == ColumnType.Kind.DOUBLE && b == ColumnType.Kind.FLOAT) {
      return SchemaChange.of(ChangeKind.TYPE_NARROWED, field,
          pair + "narrowing; values would lose precision or overflow FLOAT");
    }
    if (a == ColumnType.Kind.STRING) {
      return SchemaChange.of(ChangeKind.TYPE_PARSE_RISK, field,
          pair + "parse risk; stored text values may not parse as " + to);
    }
    return SchemaChange.of(ChangeKind.TYPE_INCOMPATIBLE, field,
        pair + "Iceberg cannot promote " + from + " to " + to + " in place and values may not"
            + " convert");
  }
}
