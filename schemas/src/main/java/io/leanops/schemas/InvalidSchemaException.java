package io.leanops.schemas;

import java.util.List;
import java.util.stream.Collectors;

/** A schema file that cannot be used, with every problem found in it (not just the first). */
public final class InvalidSchemaException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  private final List<SchemaProblem> problems;

  public InvalidSchemaException(List<SchemaProblem> problems) {
    super(render(problems));
    this.problems = List.copyOf(problems);
  }

  public List<SchemaProblem> problems() {
    return problems;
  }

  private static String render(List<SchemaProblem> problems) {
    return problems.size()
        + " problem(s) in schema; fix each and retry:\n"
        + problems.stream().map(p -> "  " + p).collect(Collectors.joining("\n"));
  }
}
