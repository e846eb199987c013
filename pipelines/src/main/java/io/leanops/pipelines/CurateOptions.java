package io.leanops.pipelines;

import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;

/** Options of {@code leanops curate}. */
public interface CurateOptions extends LeanopsOptions {
  @Description("Salt for hashing pii columns (SHA-256 of salt + value). Required when the schema"
      + " has pii columns; never logged. Read from the LEANOPS_PII_SALT environment variable when"
      + " not given.")
  @Default.String("")
  String getPiiSalt();

  void setPiiSalt(String salt);
}
