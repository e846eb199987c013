package io.leanops.transforms;

/** Why an event was rejected; stored as {@code error_type} in the error tables. */
public enum ErrorType {
  /** The payload is not parseable JSON (also: too deep, trailing text, empty). */
  NOT_JSON,
  /** The payload is JSON but not an object. */
  NOT_OBJECT,
  /** Two JSON paths flatten to the same column name (also: a key repeated in one object). */
  COLUMN_COLLISION,
  /** One or more schema rules fail (required, castable, period format). */
  CDE_VIOLATION,
  /** Held under {@code drift_policy: HOLD}: data in columns the active schema does not register. */
  SCHEMA_DRIFT
}
