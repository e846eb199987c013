package io.leanops.pipelines;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.leanops.io.LakehouseTables;
import io.leanops.io.PromotionResult;
import io.leanops.io.SchemaStore;
import io.leanops.schemas.ChangeClassifier;
import io.leanops.schemas.Classification;
import io.leanops.schemas.SchemaProblem;
import io.leanops.schemas.TopicSchema;
import io.leanops.schemas.TopicSchemaParser;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.MatchResult;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.options.PipelineOptionsFactory;

/**
 * {@code leanops schema promote|validate|lint} (SPEC.md §5, §8). These take positional FILE
 * arguments, which Beam's {@code PipelineOptionsFactory} does not accept, so their arguments are
 * parsed here: {@code --topic}, {@code --schemaStore} and {@code --base} (as {@code --k=v} or
 * {@code --k v}); any other {@code --option} is a Beam pipeline option (e.g. {@code --awsRegion}
 * for an {@code s3://} store) and registers Beam's file systems with it.
 *
 * <p>Each subcommand prints its report on stdout and ends with one JSON line; messages go to
 * stderr. Exit codes: 0 ok, 1 the check failed (refused, blocked or invalid schema), 2 bad input.
 */
final class SchemaCommands {
  static final String USAGE =
      "usage: leanops schema <subcommand> [options]\n"
          + "  promote  --topic=T [--schemaStore=./schemas]   validate <store>/T/pending/schema.json and\n"
          + "           make it active (old active archived), or move it to failed/ with error.json\n"
          + "  validate FILE...                              check schema files (local or s3://)\n"
          + "  lint     --base=DIR|GIT_REF FILE...           classify each FILE against its base version:\n"
          + "           the file of the same name in DIR, or FILE at GIT_REF (e.g. origin/main)\n"
          + "exit codes: 0 ok, 1 refused/BLOCKED/invalid schema, 2 bad input";

  private static final Set<String> OWN_OPTIONS = Set.of("topic", "schemaStore", "base");
  private static final ObjectMapper JSON = new ObjectMapper();

  private SchemaCommands() {}

  /** Parsed arguments: our options, the positional files, and the rest for Beam. */
  private static final class Args {
    final Map<String, String> options = new LinkedHashMap<>();
    final List<String> files = new ArrayList<>();
    final List<String> beamArgs = new ArrayList<>();
    boolean help;

    static Args parse(String[] args) {
      Args a = new Args();
      boolean onlyFiles = false;
      for (int i = 0; i < args.length; i++) {
        String arg = args[i];
        if (onlyFiles || !arg.startsWith("--")) {
          a.files.add(arg);
        } else if (arg.equals("--")) {
          onlyFiles = true;
        } else if (arg.equals("--help")) {
          a.help = true;
        } else {
          int eq = arg.indexOf('=');
          String key = eq < 0 ? arg.substring(2) : arg.substring(2, eq);
          if (OWN_OPTIONS.contains(key)) {
            String value;
            if (eq >= 0) {
              value = arg.substring(eq + 1);
            } else if (i + 1 < args.length && !args[i + 1].startsWith("--")) {
              value = args[++i];
            } else {
              throw new IllegalArgumentException("--" + key + " needs a value, e.g. --" + key
                  + "=...");
            }
            if (a.options.put(key, value) != null) {
              throw new IllegalArgumentException("--" + key + " is given twice; give it once");
            }
          } else {
            a.beamArgs.add(arg);
          }
        }
      }
      return a;
    }

    String required(String key, String example) {
      String v = options.get(key);
      if (v == null || v.isBlank()) {
        throw new IllegalArgumentException("--" + key + " is required, e.g. --" + key + "="
            + example);
      }
      return v;
    }

    /** Beam options from the remaining arguments; Beam's file systems are registered with them. */
    PipelineOptions pipelineOptions() {
      PipelineOptions o = PipelineOptionsFactory.fromArgs(beamArgs.toArray(new String[0]))
          .create();
      FileSystems.setDefaultPipelineOptions(o);
      return o;
    }
  }

  /** Runs {@code leanops schema <args>}; returns the exit code. */
  static int run(String[] args, PrintStream out, PrintStream err, Clock clock) {
    if (args.length == 0 || args[0].equals("--help") || args[0].equals("help")) {
      err.println(USAGE);
      return args.length == 0 ? 2 : 0;
    }
    String sub = args[0];
    String name = "leanops schema " + sub;
    try {
      Args a = Args.parse(java.util.Arrays.copyOfRange(args, 1, args.length));
      if (a.help) {
        err.println(USAGE);
        return 0;
      }
      switch (sub) {
        case "promote":
          return promote(a, out, err, clock);
        case "validate":
          return validate(a, out, err);
        case "lint":
          return lint(a, out, err);
        default:
          err.println("unknown schema subcommand '" + sub + "'\n" + USAGE);
          return 2;
      }
    } catch (IllegalArgumentException e) {
      err.println(name + ": " + e.getMessage());
      return 2;
    } catch (UncheckedIOException e) {
      err.println(name + ": " + e.getMessage() + ": " + e.getCause().getMessage());
      return 2;
    }
  }

  // ---- promote ----

  private static int promote(Args a, PrintStream out, PrintStream err, Clock clock) {
    String topic = LakehouseTables.checkTopic(a.required("topic", "events"));
    if (!a.files.isEmpty()) {
      throw new IllegalArgumentException("promote takes no files (got " + a.files + "): it reads "
          + "<schemaStore>/" + topic + "/pending/schema.json; write the candidate there");
    }
    SchemaStore store = SchemaStore.at(a.options.getOrDefault("schemaStore", "./schemas"),
        a.pipelineOptions());
    PromotionResult r = store.promote(topic, clock);

    Map<String, Object> line = new LinkedHashMap<>();
    line.put("command", "schema promote");
    line.put("topic", topic);
    line.put("result", r.promoted() ? "PROMOTED" : "FAILED");
    line.put("classification", r.classification() == null ? null
        : r.classification().kind().name());
    line.put("reasons", r.reasons());
    line.put("catch_up", r.catchUp() == null ? null : r.catchUp().toMap());
    line.put("from_version", r.activeVersion());
    line.put("to_version", r.candidateVersion());
    if (r.promoted()) {
      line.put("archived_to", r.archivedTo());
    } else {
      List<Map<String, String>> errors = new ArrayList<>();
      for (PromotionResult.Problem e : r.errors()) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("type", e.type());
        m.put("field", e.field());
        m.put("message", e.message());
        errors.add(m);
      }
      line.put("errors", errors);
    }
    out.println(json(line));

    String name = "leanops schema promote: ";
    if (!r.promoted()) {
      err.println(name + "topic '" + topic + "': candidate " + version(r.candidateVersion())
          + " refused with " + r.errors().size() + " error(s); active schema "
          + version(r.activeVersion()) + " unchanged");
      r.errors().forEach(e -> err.println("  " + e.type() + " " + e.field() + ": " + e.message()));
      err.println("  action required: " + r.actionRequired());
      err.println("  the candidate is now " + store.failedPath(topic) + ", errors in "
          + store.failedErrorPath(topic));
      return 1;
    }
    err.println(name + "topic '" + topic + "': " + version(r.candidateVersion()) + " is active ("
        + r.classification().kind() + ")"
        + (r.archivedTo() == null ? "" : "; " + version(r.activeVersion()) + " archived to "
            + r.archivedTo()));
    if (r.rebuildRequired()) {
      err.println("  rebuild required: run 'leanops rebuild --topic=" + topic + "'");
    } else if (r.fullCatchUp()) {
      err.println("  full catch-up required (every period): run 'leanops catchup --topic=" + topic
          + "'; see " + store.catchUpPath(topic));
    } else if (r.needsCatchUp()) {
      err.println("  catch-up of the periods with drift required: run 'leanops catchup --topic="
          + topic + " --fromDriftLog'; see " + store.catchUpPath(topic));
    }
    return 0;
  }

  private static String version(String v) {
    return v == null ? "(none)" : v;
  }

  // ---- validate ----

  private static int validate(Args a, PrintStream out, PrintStream err) {
    if (a.files.isEmpty()) {
      throw new IllegalArgumentException("give the schema file(s) to check, e.g. leanops schema"
          + " validate schemas/events.json");
    }
    a.pipelineOptions();
    int invalid = 0;
    for (String file : a.files) {
      String text = readThroughFileSystems(file);
      List<SchemaProblem> problems = new ArrayList<>();
      TopicSchemaParser.parse(text, file, problems);
      if (problems.isEmpty()) {
        out.println(file + ": OK");
      } else {
        invalid++;
        out.println(file + ": INVALID (" + problems.size() + " problem(s))");
        problems.forEach(p -> out.println("  " + p.field() + ": " + p.message()));
      }
    }
    Map<String, Object> line = new LinkedHashMap<>();
    line.put("command", "schema validate");
    line.put("files", a.files.size());
    line.put("invalid", invalid);
    line.put("result", invalid == 0 ? "OK" : "INVALID");
    out.println(json(line));
    if (invalid > 0) {
      err.println("leanops schema validate: " + invalid + " invalid file(s); fix each problem"
          + " listed (it names the field) and validate again");
      return 1;
    }
    return 0;
  }

  private static String readThroughFileSystems(String spec) {
    try {
      MatchResult match = FileSystems.match(spec);
      if (match.status() != MatchResult.Status.OK || match.metadata().isEmpty()) {
        throw new IllegalArgumentException("no schema file at " + spec + "; check the path");
      }
      try (InputStream in =
          Channels.newInputStream(FileSystems.open(match.metadata().get(0).resourceId()))) {
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
      }
    } catch (FileNotFoundException e) {
      throw new IllegalArgumentException("no schema file at " + spec + "; check the path");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + spec, e);
    }
  }

  // ---- lint ----

  private static int lint(Args a, PrintStream out, PrintStream err) {
    String base = a.required("base", "origin/main");
    if (a.files.isEmpty()) {
      throw new IllegalArgumentException("give the schema file(s) to lint, e.g. leanops schema"
          + " lint --base=origin/main schemas/*.json");
    }
    a.pipelineOptions();
    List<Path> files = new ArrayList<>();
    for (String f : a.files) {
      Path p = Path.of(f);
      if (!Files.isRegularFile(p)) {
        throw new IllegalArgumentException("no schema file at " + f + "; check the path");
      }
      files.add(p);
    }
    Path baseDir = Files.isDirectory(Path.of(base)) ? Path.of(base) : null;
    if (baseDir == null) {
      if (base.startsWith("-") || base.isBlank()) {
        throw new IllegalArgumentException("--base=" + base + " is neither a directory nor a git"
            + " ref");
      }
      for (Path f : files) {
        Git.checkRef(dirOf(f), base, f.toString());
      }
    }

    int blocked = 0;
    int invalid = 0;
    Map<String, String> kinds = new LinkedHashMap<>();
    for (int i = 0; i < files.size(); i++) {
      String label = a.files.get(i);
      Path file = files.get(i);
      String text;
      try {
        text = Files.readString(file, StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read " + label, e);
      }
      List<SchemaProblem> problems = new ArrayList<>();
      TopicSchema candidate = TopicSchemaParser.parse(text, label, problems);
      if (candidate == null) {
        invalid++;
        kinds.put(label, "INVALID");
        out.println(label + ": INVALID");
        problems.forEach(p -> out.println("  " + p.field() + ": " + p.message()));
        continue;
      }
      String baseOrigin;
      String baseText;
      if (baseDir != null) {
        Path b = baseDir.resolve(file.getFileName().toString());
        baseOrigin = b.toString();
        try {
          baseText = Files.isRegularFile(b) ? Files.readString(b, StandardCharsets.UTF_8) : null;
        } catch (IOException e) {
          throw new UncheckedIOException("cannot read " + b, e);
        }
      } else {
        baseOrigin = base + ":" + label;
        baseText = Git.show(dirOf(file), base, file.getFileName().toString());
      }
      List<String> notes = new ArrayList<>();
      TopicSchema baseSchema = null;
      if (baseText != null) {
        List<SchemaProblem> baseProblems = new ArrayList<>();
        baseSchema = TopicSchemaParser.parse(baseText, baseOrigin, baseProblems);
        if (baseSchema == null) {
          notes.add("the base version " + baseOrigin + " is not a valid schema ("
              + baseProblems.size() + " problem(s)), so the file is checked as a new table;"
              + " 'leanops schema promote' still compares it with the active schema");
        }
      }
      Classification c = ChangeClassifier.classify(baseSchema, candidate);
      kinds.put(label, c.kind().name());
      if (c.isBlocked()) {
        blocked++;
      }
      out.println(label + ": " + c.kind());
      notes.forEach(n -> out.println("  " + n));
      c.reasons().forEach(r -> out.println("  " + r));
    }
    Map<String, Object> line = new LinkedHashMap<>();
    line.put("command", "schema lint");
    line.put("base", base);
    line.put("files", kinds);
    line.put("blocked", blocked);
    line.put("invalid", invalid);
    line.put("result", blocked + invalid == 0 ? "OK" : "FAILED");
    out.println(json(line));
    if (blocked + invalid > 0) {
      err.println("leanops schema lint: " + blocked + " blocked and " + invalid + " invalid"
          + " file(s); fix them or declare \"change_intent\": \"NUCLEAR_RESET\" for an intended"
          + " breaking change");
      return 1;
    }
    return 0;
  }

  private static File dirOf(Path file) {
    Path parent = file.toAbsolutePath().getParent();
    return parent.toFile();
  }

  /** The few git commands lint needs, run in the file's repository without a shell. */
  private static final class Git {
    private Git() {}

    static void checkRef(File dir, String ref, String file) {
      if (run(dir, "rev-parse", "--verify", "--quiet", ref + "^{commit}").exit != 0) {
        throw new IllegalArgumentException("--base=" + ref + " is neither a directory nor a git"
            + " ref of the repository of " + file + " (in CI, fetch it first: git fetch origin"
            + " main)");
      }
    }

    /** The text of {@code name} (in {@code dir}) at {@code ref}, or null when it is not there. */
    static String show(File dir, String ref, String name) {
      String object = ref + ":./" + name;
      if (run(dir, "cat-file", "-e", object).exit != 0) {
        return null;
      }
      Result r = run(dir, "show", object);
      if (r.exit != 0) {
        throw new IllegalArgumentException("git show " + object + " failed in " + dir);
      }
      return r.stdout;
    }

    private static final class Result {
      final int exit;
      final String stdout;

      Result(int exit, String stdout) {
        this.exit = exit;
        this.stdout = stdout;
      }
    }

    private static Result run(File dir, String... args) {
      List<String> command = new ArrayList<>();
      command.add("git");
      command.addAll(List.of(args));
      ProcessBuilder pb = new ProcessBuilder(command).directory(dir)
          .redirectError(ProcessBuilder.Redirect.DISCARD);
      try {
        Process p = pb.start();
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        try (InputStream in = p.getInputStream()) {
          in.transferTo(stdout);
        }
        int exit = p.waitFor();
        return new Result(exit, stdout.toString(StandardCharsets.UTF_8));
      } catch (IOException e) {
        throw new IllegalArgumentException("--base=<git ref> needs git on the PATH (" + e
            .getMessage() + "); or give --base=DIR");
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while running git", e);
      }
    }
  }

  private static String json(Object value) {
    try {
      return JSON.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
