package io.leanops.pipelines;

import io.leanops.io.RunRecord;
import java.io.PrintStream;
import java.time.Clock;
import java.util.Arrays;
import org.apache.beam.sdk.options.PipelineOptionsFactory;

/**
 * The {@code leanops} command line (SPEC.md §8): {@code leanops <command> [--option=value ...]}
 * with Beam {@code PipelineOptions}. Prints one JSON line of counts on stdout; logs go to stderr;
 * bad input gets a one-line error naming the input and what to do, and exit code 2.
 */
public final class Main {
  private static final String USAGE =
      "usage: leanops <command> [options]\n"
          + "commands:\n"
          + "  ingest       --topic=T --input='data/*.jsonl'   JSON lines -> raw.<topic>\n"
          + "  standardize  --topic=T                          new RAW -> standardized.<topic>\n"
          + "  curate       --topic=T [--piiSalt=...]          new STANDARDIZED -> curated.<topic>\n"
          + "  reconcile    --topic=T [--period=YYYY-MM]       check every record is accounted for\n"
          + "  schema       promote --topic=T | validate FILE... | lint --base=DIR|GIT_REF FILE...\n"
          + "               ('leanops schema --help' explains each)\n"
          + "common options: --warehouse=./lakehouse --catalog=hadoop|jdbc|glue|rest\n"
          + "  --catalogProperties=k=v,... --schemaStore=./schemas --runner=DirectRunner|FlinkRunner|SparkRunner\n"
          + "'leanops <command> --help' lists every option.";

  private Main() {}

  public static void main(String[] args) {
    System.exit(run(args, System.out, System.err));
  }

  /** Runs one command; returns the process exit code. */
  static int run(String[] args, PrintStream out, PrintStream err) {
    if (args.length == 0 || args[0].equals("--help") || args[0].equals("help")) {
      err.println(USAGE);
      return args.length == 0 ? 2 : 0;
    }
    String command = args[0];
    String[] rest = Arrays.copyOfRange(args, 1, args.length);
    try {
      switch (command) {
        case "ingest": {
          PipelineOptionsFactory.register(IngestOptions.class);
          IngestOptions o = PipelineOptionsFactory.fromArgs(rest).withValidation()
              .as(IngestOptions.class);
          RunRecord r = IngestPipeline.run(o);
          out.println(RunResults.jsonLine(command, o.getTopic(), r));
          return 0;
        }
        case "standardize": {
          PipelineOptionsFactory.register(LeanopsOptions.class);
          LeanopsOptions o = PipelineOptionsFactory.fromArgs(rest).withValidation()
              .as(LeanopsOptions.class);
          RunRecord r = StandardizePipeline.run(o);
          out.println(RunResults.jsonLine(command, o.getTopic(), r));
          return 0;
        }
        case "curate": {
          PipelineOptionsFactory.register(CurateOptions.class);
          CurateOptions o = PipelineOptionsFactory.fromArgs(rest).withValidation()
              .as(CurateOptions.class);
          try {
            RunRecord r = CuratePipeline.run(o);
            out.println(RunResults.jsonLine(command, o.getTopic(), r));
          } catch (CuratePipeline.Skipped skipped) {
            err.println("leanops curate: skipped: " + skipped.getMessage());
            out.println(RunResults.skippedLine(command, o.getTopic(), skipped.getMessage()));
          }
          return 0;
        }
        case "reconcile": {
          PipelineOptionsFactory.register(ReconcileOptions.class);
          ReconcileOptions o = PipelineOptionsFactory.fromArgs(rest).withValidation()
              .as(ReconcileOptions.class);
          Reconciliation.Result result = Reconciliation.run(o);
          out.println(result.json);
          if (!result.balanced) {
            result.gaps.forEach(g -> err.println("leanops reconcile: does not add up: " + g));
            return 1;
          }
          return 0;
        }
        case "schema":
          // positional FILE arguments: parsed by SchemaCommands, not PipelineOptionsFactory
          return SchemaCommands.run(rest, out, err, Clock.systemUTC());
        default:
          err.println("unknown command '" + command + "'\n" + USAGE);
          return 2;
      }
    } catch (IllegalArgumentException e) {
      err.println("leanops " + command + ": " + e.getMessage());
      return 2;
    }
  }
}
