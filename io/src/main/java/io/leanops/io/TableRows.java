package io.leanops.io;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.InternalRecordWrapper;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.expressions.Evaluator;
import org.apache.iceberg.expressions.Expression;
import org.apache.iceberg.io.CloseableIterable;

/**
 * Small driver-side reads of whole tables (side tables such as the drift log, errors and audit
 * rows): the rows matching a filter, with file pruning by Iceberg and the row filter applied
 * exactly. Not for the big tables — pipelines read those on workers.
 */
public final class TableRows {
  private TableRows() {}

  /** Rows of {@code id} matching {@code filter}; none when the table does not exist yet. */
  public static List<Record> read(Catalog catalog, TableIdentifier id, Expression filter) {
    List<Record> rows = new ArrayList<>();
    if (!catalog.tableExists(id)) {
      return rows;
    }
    Table table = catalog.loadTable(id);
    Evaluator rowFilter = new Evaluator(table.schema().asStruct(), filter, true);
    InternalRecordWrapper internal = new InternalRecordWrapper(table.schema().asStruct());
    try (CloseableIterable<Record> it = IcebergGenerics.read(table).where(filter).build()) {
      for (Record r : it) {
        if (rowFilter.eval(internal.wrap(r))) {
          rows.add(r.copy());
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + id, e);
    }
    return rows;
  }
}
