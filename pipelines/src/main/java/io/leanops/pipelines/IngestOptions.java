package io.leanops.pipelines;

import org.apache.beam.sdk.options.Description;

/** Options of {@code leanops ingest}. */
public interface IngestOptions extends LeanopsOptions {
  @Description("JSON-lines input: a file, a folder glob such as 'data/*.jsonl', or s3:// paths.")
  String getInput();

  void setInput(String input);
}
