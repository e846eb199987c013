package io.leanops.schemas;

import java.util.Objects;

/** The outcome of casting one string: the typed value, or why it does not cast. */
public final class CastResult {
  private static final CastResult NULL = new CastResult(null, null);

  private final Object value;
  private final String reason;

  private CastResult(Object value, String reason) {
    this.value = value;
    this.reason = reason;
  }

  static CastResult ok(Object value) {
    return value == null ? NULL : new CastResult(value, null);
  }

  static CastResult fail(String reason) {
    return new CastResult(null, Objects.requireNonNull(reason));
  }

  public boolean isOk() {
    return reason == null;
  }

  /** The typed value (null for a null input); only meaningful when {@link #isOk()}. */
  public Object value() {
    if (!isOk()) {
      throw new IllegalStateException("cast failed: " + reason);
    }
    return value;
  }

  /** Why the value does not cast; null when it does. */
  public String reason() {
    return reason;
  }

  @Override
  public String toString() {
    return isOk() ? "ok(" + value + ")" : "fail(" + reason + ")";
  }
}
