package io.leanops.pipelines;

import org.apache.beam.sdk.options.PipelineOptions;

/**
 * Runner-specific settings users should not need to know, applied to every pipeline before it is
 * built (e.g. Flink's {@code --reIterableGroupByKeyResult}, see ../shared/BUILD.md). The runner
 * itself stays the user's choice ({@code --runner}).
 */
final class Runners {
  private Runners() {}

  static PipelineOptions configure(PipelineOptions options) {
    String runner = options.getRunner().getSimpleName();
    if (runner.startsWith("Flink")) {
      // Flink batch + side inputs / GBK results read more than once need re-iterable results.
      setIfPresent(options, "setReIterableGroupByKeyResult", true);
    }
    return options;
  }

  private static void setIfPresent(PipelineOptions options, String setter, boolean value) {
    try {
      Class<?> flink = Class.forName("org.apache.beam.runners.flink.FlinkPipelineOptions");
      @SuppressWarnings("unchecked")
      Object typed = options.as((Class<PipelineOptions>) flink);
      flink.getMethod(setter, Boolean.class).invoke(typed, value);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("the Flink runner is on the class path without "
          + "FlinkPipelineOptions." + setter + "; use the leanops Flink bundle", e);
    }
  }
}
