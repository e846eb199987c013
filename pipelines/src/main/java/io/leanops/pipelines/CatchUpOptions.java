package io.leanops.pipelines;

import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;

/** Options of {@code leanops catchup}. */
public interface CatchUpOptions extends CurateOptions {
  @Description("Periods to re-curate with the active schema, e.g. 2026-01,2026-02.")
  String getPeriods();

  void setPeriods(String periods);

  @Description("Re-curate every period with schema drift logged since the last catch-up.")
  @Default.Boolean(false)
  boolean getFromDriftLog();

  void setFromDriftLog(boolean fromDriftLog);
}
