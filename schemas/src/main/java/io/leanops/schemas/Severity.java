package io.leanops.schemas;

/**
 * How much a {@link SchemaChange} affects a topic's tables, from least to most. The order is the
 * enum order, so {@code a.compareTo(b) > 0} means {@code a} is more severe.
 *
 * <table>
 *   <caption>Severities</caption>
 *   <tr><th>severity</th><th>stored data</th><th>what promotion does</th></tr>
 *   <tr><td>{@link #REMAP}</td><td>unchanged</td><td>nothing beyond activating the schema</td></tr>
 *   <tr><td>{@link #ENHANCEMENT}</td><td>unchanged; a column is added or relaxed</td><td>evolves the table in place</td></tr>
 *   <tr><td>{@link #WIDENING}</td><td>unchanged; Iceberg promotes the type in place</td><td>evolves the table in place</td></tr>
 *   <tr><td>{@link #FULL_CATCH_UP}</td><td>still valid, but Iceberg cannot change it in place</td><td>re-curates every period</td></tr>
 *   <tr><td>{@link #BREAKING}</td><td>may not convert</td><td>refused unless {@code NUCLEAR_RESET} is declared</td></tr>
 * </table>
 */
public enum Severity {
  /** Only where a column is read from ({@code source}) or schema metadata changes. */
  REMAP,
  /** An optional column is added, or a required column is relaxed to optional. */
  ENHANCEMENT,
  /** A type Iceberg promotes in place: INT→BIGINT, FLOAT→DOUBLE, DECIMAL precision widening. */
  WIDENING,
  /** Compatible for the data, but every period must be re-curated (→STRING, a pii flag change). */
  FULL_CATCH_UP,
  /** Existing data may not fit the new schema: the topic must be rebuilt or the change undone. */
  BREAKING
}
