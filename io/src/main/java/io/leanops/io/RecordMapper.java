package io.leanops.io;

import java.io.Serializable;
import org.apache.iceberg.data.Record;

/** Turns one row read from a data file (with the file's path and the row's position) into T. */
@FunctionalInterface
public interface RecordMapper<T> extends Serializable {
  T map(Record record, String dataFile, long position);
}
