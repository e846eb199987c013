package io.leanops.io;

import java.util.List;

/** The counts every run reports (audit.pipeline_runs columns and the CLI's JSON line). */
public final class RunCounts {
  public static final String READ = "read";
  public static final String WRITTEN = "written";
  public static final String PARSE_ERRORS = "parse_errors";
  public static final String FIFO_DUPLICATES = "fifo_duplicates";
  public static final String LIFO_SUPERSEDED = "lifo_superseded";
  public static final String CDE_ERRORS = "cde_errors";
  public static final String HELD = "held";
  public static final String INSERTED = "inserted";
  public static final String UPDATED = "updated";
  public static final String SKIPPED_STALE = "skipped_stale";

  public static final List<String> NAMES =
      List.of(READ, WRITTEN, PARSE_ERRORS, FIFO_DUPLICATES, LIFO_SUPERSEDED, CDE_ERRORS, HELD,
          INSERTED, UPDATED, SKIPPED_STALE);

  private RunCounts() {}
}
