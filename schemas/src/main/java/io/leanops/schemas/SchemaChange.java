package io.leanops.schemas;

import java.io.Serializable;
import java.util.Objects;

/**
 * One difference between an old and a candidate topic schema: its {@link #type() type} (a stable
 * {@link ChangeKind}), the {@link #field() field} it concerns (a column name, or a top-level key
 * such as {@code topic_name} or {@code lookback_months}) and a {@link #message() message} a person
 * can act on, e.g. {@code DECIMAL(12,2) → DECIMAL(10,2): precision narrowing; values with more than
 * 8 integer digits would not fit}. The message does not repeat the field.
 *
 * <p>Immutable; {@code {type, field, message}} is what {@code failed/error.json} lists.
 */
public final class SchemaChange implements Serializable {
  private static final long serialVersionUID = 1L;

  private final ChangeKind type;
  private final String field;
  private final String message;

  private SchemaChange(ChangeKind type, String field, String message) {
    this.type = Objects.requireNonNull(type, "type");
    this.field = Objects.requireNonNull(field, "field");
    this.message = Objects.requireNonNull(message, "message");
  }

  /** A change of {@code type} to {@code field}, explained by {@code message}. */
  public static SchemaChange of(ChangeKind type, String field, String message) {
    return new SchemaChange(type, field, message);
  }

  public ChangeKind type() {
    return type;
  }

  /** The severity of this change's {@link #type()}. */
  public Severity severity() {
    return type.severity();
  }

  public boolean isBreaking() {
    return severity() == Severity.BREAKING;
  }

  public String field() {
    return field;
  }

  public String message() {
    return message;
  }

  /** {@code field: message}, the form used in reasons and reports. */
  public String describe() {
    return field + ": " + message;
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof SchemaChange)) {
      return false;
    }
    SchemaChange that = (SchemaChange) o;
    return type == that.type && field.equals(that.field) && message.equals(that.message);
  }

  @Override
  public int hashCode() {
    return Objects.hash(type, field, message);
  }

  @Override
  public String toString() {
    return type + " " + describe();
  }
}
