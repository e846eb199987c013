package io.leanops.pipelines;

import io.leanops.io.ConcurrentRunException;
import io.leanops.io.RunRecord;
import java.io.PrintStream;
import java.time.Clock;
import java.util.Arrays;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.options.PipelineOptionsFactory;

/**
 * The {@code leanops} command line (SPEC.md §8): {@code leanops <command> [--option=value ...]}
 * with Beam {@code PipelineOptions}. Prints one JSON line of counts on stdout; logs go to stderr;
 * bad input gets a one-line error naming the input and what to do, and exit code 2; a run that lost
 * a race with another run of the same stage on the topic gets a one-line error and exit code 3.
 */
public final class Main {
  private static final String USAGE =
      "usage: leanops <command> [options]\n"
          + "commands:\n"
          + "  ingest       --topic=T --input='data/*.jsonl'   JSON lines -> raw.<topic>\n"
          + "  standardize  --topic=T                          new RAW -> standardized.<topic>\n"
          + "  curate       --topic=T [--piiSalt=...]          new STANDARDIZED -> curated.<topic>\n"
          + "  catchup      --topic=T --periods=2026-01,... | --fromDriftLog   re-curate periods\n"
          + "  rebuild      --topic=T                          archive, recreate, reload from RAW\n"
          + "  pause|resume --topic=T                          flow control of curation\n"
          + "  status       --topic=T                          flow control and status\n"
          + "  reconcile    --topic=T [--period=YYYY-MM]       check every record is accounted for\n"
          + "  schema       promote --topic=T | validate FILE... | lint --base=DIR|GIT_REF FILE...\n"
          + "               ('leanops schema --help' explains each)\n"
          + "common options: --warehouse=./lakehouse --catalog=hadoop|jdbc|glue|rest\n"
          + "  --catalogProperties=k=v,... --schemaStore=./schemas --runner=DirectRunner|FlinkRunner|SparkRunner\n"
          + "'leanops <command> --help' lists every option.\n"
          + "exit codes: 0 done (one JSON line of counts on stdout), 2 bad input or options,\n"
          + "  3 another run of the same stage on the topic committed first (start it again).";

  private Main() {}

  public static void main(String[] args) {
    System.exit(run(args, System.out, System.err));
  }

  /** Runs one command; returns the process exit code. */
  public static int run(String[] args, PrintStream out, PrintStream err) {
    if (args.length == 0 || args[0].equals("--help") || args[0].equals("help")) {
      err.println(USAGE);
      return args.length == 0 ? 2 : 0;
    }
    String command = args[0];
    String[] rest = Arrays.copyOfRange(args, 1, args.length);
    try {
      switch (command) {
        case "ingest": {
          if (wantsHelp(rest)) {
            return help(IngestOptions.class, rest, out);
          }
          PipelineOptionsFactory.register(IngestOptions.class);
          IngestOptions o = PipelineOptionsFactory.fromArgs(rest).withValidation()
              .as(IngestOptions.class);
          RunRecord r = IngestPipeline.run(o);
          out.println(RunResults.jsonLine(command, o.getTopic(), r));
          return 0;
        }
        case "standardize": {
          if (wantsHelp(rest)) {
            return help(LeanopsOptions.class, rest, out);
          }
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
        case "catchup": {
          PipelineOptionsFactory.register(CatchUpOptions.class);
          CatchUpOptions o = PipelineOptionsFactory.fromArgs(rest).withValidation()
              .as(CatchUpOptions.class);
          try {
            RunRecord r = CatchUpPipeline.run(o);
            out.println(RunResults.jsonLine(command, o.getTopic(), r));
          } catch (CuratePipeline.Skipped skipped) {
            err.println("leanops catchup: skipped: " + skipped.getMessage());
            out.println(RunResults.skippedLine(command, o.getTopic(), skipped.getMessage()));
          }
          return 0;
        }
        case "rebuild": {
          PipelineOptionsFactory.register(CurateOptions.class);
          CurateOptions o = PipelineOptionsFactory.fromArgs(rest).withValidation()
              .as(CurateOptions.class);
          RebuildPipeline.Result r = RebuildPipeline.run(o);
          out.println(RunResults.rebuildLine(o.getTopic(), r));
          return 0;
        }
        case "pause":
        case "resume":
        case "status": {
          PipelineOptionsFactory.register(LeanopsOptions.class);
          LeanopsOptions o = PipelineOptionsFactory.fromArgs(rest).withValidation()
              .as(LeanopsOptions.class);
          out.println(FlowCommands.run(command, o));
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
    } catch (RuntimeException e) {
      // A run that lost a race with another run of the same stage (SPEC.md §7) applied nothing:
      // say so in one line, exit 3 so a scheduler can tell "retry" from "bad input" (2).
      ConcurrentRunException conflict = find(e, ConcurrentRunException.class);
      if (conflict != null) {
        err.println("leanops " + command + ": " + conflict.getMessage());
        return 3;
      }
      throw e;
    }
  }

  private static <T extends Throwable> T find(Throwable t, Class<T> type) {
    for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
      if (type.isInstance(c)) {
        return type.cast(c);
      }
    }
    return null;
  }

  private static boolean wantsHelp(String[] options) {
    return Arrays.stream(options).anyMatch(o -> o.equals("--help") || o.startsWith("--help="));
  }

  /**
   * {@code leanops <command> --help}: prints the command's options on {@code out}, as Beam does —
   * but without Beam's {@code System.exit}, which {@code PipelineOptionsFactory.fromArgs(..).as(..)}
   * calls when it sees {@code --help}. {@code --help=<OptionsName>} prints that interface when it is
   * on the class path (e.g. {@code --help=FlinkPipelineOptions} with the Flink bundle).
   */
  private static int help(Class<? extends PipelineOptions> options, String[] args,
      PrintStream out) {
    for (String a : args) {
      if (a.startsWith("--help=")) {
        String name = a.substring("--help=".length());
        for (Class<? extends PipelineOptions> known : PipelineOptionsFactory.getRegisteredOptions()) {
          if (known.getName().equals(name) || known.getSimpleName().equals(name)) {
            PipelineOptionsFactory.printHelp(out, known);
            return 0;
          }
        }
      }
    }
    PipelineOptionsFactory.printHelp(out, options);
    return 0;
  }
}
