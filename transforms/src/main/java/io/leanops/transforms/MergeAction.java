package io.leanops.transforms;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apache.beam.sdk.coders.AtomicCoder;
import org.apache.beam.sdk.coders.CoderProvider;
import org.apache.beam.sdk.coders.CoderProviders;
import org.apache.beam.sdk.coders.DefaultCoder;
import org.apache.beam.sdk.values.TypeDescriptor;

/**
 * One line of the merge plan that {@link CrossPeriodMerge} decides for an incoming event.
 *
 * <ul>
 *   <li>{@link Kind#INSERT}: no original within the window; {@link #firstSeenTsMicros()} is null
 *       (the writer stamps the run's time).
 *   <li>{@link Kind#UPDATE}: the event replaces {@link #matches()} (every original within the
 *       window, by location) and keeps their earliest {@code first_seen_ts}.
 *   <li>{@link Kind#SKIP_STALE}: an original at least as new exists ({@link #matches()}), or a newer
 *       event for the same key is in the same batch ({@link #matches()} empty); nothing is written.
 * </ul>
 */
@DefaultCoder(MergeAction.MergeActionCoder.class)
public final class MergeAction implements Serializable {
  private static final long serialVersionUID = 1L;

  /** The decision. */
  public enum Kind {
    INSERT,
    UPDATE,
    SKIP_STALE
  }

  private final Kind kind;
  private final FlatEvent event;
  private final List<ExistingRow> matches;
  private final Long firstSeenTsMicros;

  private MergeAction(Kind kind, FlatEvent event, List<ExistingRow> matches,
      Long firstSeenTsMicros) {
    this.kind = Objects.requireNonNull(kind);
    this.event = Objects.requireNonNull(event);
    List<ExistingRow> sorted = new ArrayList<>(matches);
    sorted.sort(ExistingRow.BY_LOCATION);
    this.matches = List.copyOf(sorted);
    this.firstSeenTsMicros = firstSeenTsMicros;
  }

  static MergeAction insert(FlatEvent event) {
    return new MergeAction(Kind.INSERT, event, List.of(), null);
  }

  static MergeAction update(FlatEvent event, List<ExistingRow> replaced, Long firstSeenTsMicros) {
    return new MergeAction(Kind.UPDATE, event, replaced, firstSeenTsMicros);
  }

  static MergeAction skip(FlatEvent event, List<ExistingRow> winners) {
    return new MergeAction(Kind.SKIP_STALE, event, winners, null);
  }

  public Kind kind() {
    return kind;
  }

  public FlatEvent event() {
    return event;
  }

  /** The originals within the window, sorted by location (see the class comment). */
  public List<ExistingRow> matches() {
    return matches;
  }

  /** For UPDATE the kept {@code first_seen_ts}; null for INSERT and SKIP_STALE. */
  public Long firstSeenTsMicros() {
    return firstSeenTsMicros;
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof MergeAction)) {
      return false;
    }
    MergeAction that = (MergeAction) o;
    return kind == that.kind && event.equals(that.event) && matches.equals(that.matches)
        && Objects.equals(firstSeenTsMicros, that.firstSeenTsMicros);
  }

  @Override
  public int hashCode() {
    return Objects.hash(kind, event, matches, firstSeenTsMicros);
  }

  @Override
  public String toString() {
    return kind + "{" + event.messageId() + " key=" + event.idempotencyKey() + " matches="
        + matches + "}";
  }

  /** Coder for {@link MergeAction}. */
  public static final class MergeActionCoder extends AtomicCoder<MergeAction> {
    private static final MergeActionCoder INSTANCE = new MergeActionCoder();

    public static MergeActionCoder of() {
      return INSTANCE;
    }

    /** Lets {@code @DefaultCoder} find this coder. */
    public static CoderProvider getCoderProvider() {
      return CoderProviders.forCoder(TypeDescriptor.of(MergeAction.class), INSTANCE);
    }

    @Override
    public void encode(MergeAction a, OutputStream out) throws IOException {
      Codec.writeInt(a.kind.ordinal(), out);
      FlatEvent.FlatEventCoder.of().encode(a.event, out);
      Codec.writeInt(a.matches.size(), out);
      for (ExistingRow r : a.matches) {
        ExistingRow.ExistingRowCoder.of().encode(r, out);
      }
      Codec.writeLong(a.firstSeenTsMicros, out);
    }

    @Override
    public MergeAction decode(InputStream in) throws IOException {
      Kind kind = Kind.values()[Codec.readInt(in)];
      FlatEvent event = FlatEvent.FlatEventCoder.of().decode(in);
      int n = Codec.readInt(in);
      List<ExistingRow> matches = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        matches.add(ExistingRow.ExistingRowCoder.of().decode(in));
      }
      return new MergeAction(kind, event, matches, Codec.readLong(in));
    }
  }
}
