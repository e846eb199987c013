package org.apache.iceberg;

import java.util.function.BiConsumer;

/**
 * A {@link RowDelta} with one extra validation that runs inside Iceberg's commit, against exactly
 * the table state the new snapshot is built on (lean-ops uses it to check its run marker, so two
 * runs planned from the same source range can never both apply).
 *
 * <p>It lives in Iceberg's package because Iceberg 1.6's {@code BaseRowDelta} is package-private;
 * it only adds a hook to {@code validate} and changes nothing else. Re-check it when upgrading
 * Iceberg (newer versions keep the same {@code validate(TableMetadata, Snapshot)} contract).
 */
public final class ValidatedRowDelta extends BaseRowDelta {
  private final BiConsumer<TableMetadata, Snapshot> extraValidation;

  public ValidatedRowDelta(Table table, BiConsumer<TableMetadata, Snapshot> extraValidation) {
    super(table.name(), ((HasTableOperations) table).operations());
    this.extraValidation = extraValidation;
  }

  @Override
  protected void validate(TableMetadata base, Snapshot parent) {
    super.validate(base, parent);
    extraValidation.accept(base, parent);
  }
}
