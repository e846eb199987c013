package io.leanops.pipelines;

import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.transforms.Count;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.View;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionView;
import org.apache.iceberg.Schema;
import org.apache.iceberg.SchemaParser;

/** Side-input views the stage pipelines share: run counts and table schemas. */
final class PipelineViews {
  private PipelineViews() {}

  /** The number of {@code items}, as a singleton view named after the count. */
  static <T> PCollectionView<Long> count(PCollection<T> items, String name) {
    return items.apply("Count " + name, Count.globally())
        .apply("View " + name, View.asSingleton());
  }

  /** An Iceberg schema as a singleton JSON view, for the data-file writers. */
  static PCollectionView<String> schema(Pipeline p, String name, Schema schema) {
    return p.apply(name + " schema", Create.of(SchemaParser.toJson(schema))
            .withCoder(StringUtf8Coder.of()))
        .apply(name + " schema view", View.asSingleton());
  }
}
