package io.leanops.io;

import java.util.Arrays;

/**
 * Fault injection for recovery tests: when the system property {@value #PROPERTY} names a commit
 * point (comma-separated list), the run fails right after that commit, as if killed there.
 * Production never sets it.
 */
public final class FaultPoints {
  public static final String PROPERTY = "leanops.failAfter";

  private FaultPoints() {}

  /** Thrown at an injected fault point. */
  public static final class InjectedFault extends RuntimeException {
    private static final long serialVersionUID = 1L;

    InjectedFault(String point) {
      super("injected fault after commit point '" + point + "' (" + PROPERTY + ")");
    }
  }

  /** Fails with {@link InjectedFault} when {@code point} is armed. */
  public static void check(String point) {
    String armed = System.getProperty(PROPERTY);
    if (armed != null && Arrays.asList(armed.split(",")).contains(point)) {
      throw new InjectedFault(point);
    }
  }
}
