package io.leanops.io;

import java.util.Locale;
import org.apache.iceberg.Table;
import org.apache.iceberg.exceptions.CommitFailedException;

/**
 * A topic's flow control (SPEC.md §5), stored with its tables as properties of the CURATED table:
 * {@code leanops.flow} = ENABLED | PAUSED, {@code leanops.status} = READY | CATCHING_UP |
 * REBUILDING | ERROR. A topic that was never paused is ENABLED / READY. Curate skips a PAUSED
 * topic; catch-up and rebuild pause it while they work and re-enable it when done, so a run killed
 * midway leaves it paused (never half-built and enabled) until the command is run again.
 */
public final class FlowControl {
  public static final String FLOW = LakehouseTables.FLOW_PROPERTY;
  public static final String STATUS = "leanops.status";

  /** ENABLED or PAUSED. */
  public enum Flow { ENABLED, PAUSED }

  /** What the topic is doing. */
  public enum Status { READY, CATCHING_UP, REBUILDING, ERROR }

  private FlowControl() {}

  public static Flow flow(Table curated) {
    return Flow.valueOf(curated.properties().getOrDefault(FLOW, Flow.ENABLED.name())
        .toUpperCase(Locale.ROOT));
  }

  public static Status status(Table curated) {
    return Status.valueOf(curated.properties().getOrDefault(STATUS, Status.READY.name())
        .toUpperCase(Locale.ROOT));
  }

  /** Sets both, retrying when another writer changed the table metadata at the same time. */
  public static void set(Table curated, Flow flow, Status status) {
    for (int attempt = 0; ; attempt++) {
      try {
        curated.refresh();
        curated.updateProperties().set(FLOW, flow.name()).set(STATUS, status.name()).commit();
        return;
      } catch (CommitFailedException e) {
        if (attempt >= 20) {
          throw e;
        }
      }
    }
  }
}
