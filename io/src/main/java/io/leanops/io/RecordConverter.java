package io.leanops.io;

import java.io.Serializable;
import org.apache.iceberg.Schema;
import org.apache.iceberg.data.Record;

/** Turns a pipeline element into an Iceberg record of a table schema. */
@FunctionalInterface
public interface RecordConverter<T> extends Serializable {
  Record convert(T value, Schema schema);
}
