package io.leanops.pipelines;

import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;

/** Options of {@code leanops reconcile}. */
public interface ReconcileOptions extends LeanopsOptions {
  @Description("Only this accounting period (YYYY-MM) in the period totals; default: every period.")
  String getPeriod();

  void setPeriod(String period);

  @Description("CURATED column whose per-period sum goes to quality.reconciliation.")
  @Default.String("amount")
  String getAmountColumn();

  void setAmountColumn(String column);
}
