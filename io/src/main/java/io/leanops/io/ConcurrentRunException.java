package io.leanops.io;

/**
 * Another run of the same stage on the same topic committed first; this run applied nothing and
 * can simply be started again to process whatever is left.
 */
public final class ConcurrentRunException extends IllegalStateException {
  private static final long serialVersionUID = 1L;

  public ConcurrentRunException(String message, Throwable cause) {
    super(message, cause);
  }
}
