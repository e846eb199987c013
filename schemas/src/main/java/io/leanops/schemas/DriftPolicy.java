package io.leanops.schemas;

/** What curate does with a row carrying a non-null value in a column the schema does not register. */
public enum DriftPolicy {
  /** Keep the row out of CURATED and record it as {@code SCHEMA_DRIFT}; catch-up curates it later. */
  HOLD,
  /** Curate the row with the registered columns only; the unregistered values stay in STANDARDIZED. */
  CURATE_KNOWN
}
