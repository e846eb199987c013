package io.leanops.transforms;

import io.leanops.schemas.Lookback;
import io.leanops.schemas.Timestamps;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;
import java.util.List;
import java.util.Objects;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.VarIntCoder;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.WithKeys;
import org.apache.beam.sdk.transforms.join.CoGbkResult;
import org.apache.beam.sdk.transforms.join.CoGroupByKey;
import org.apache.beam.sdk.transforms.join.KeyedPCollectionTuple;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;
import org.apache.beam.sdk.values.TypeDescriptor;
import org.apache.beam.sdk.values.TypeDescriptors;

/**
 * Decides the cross-period MERGE of curated events into CURATED (SPEC.md §4.6). It decides; it does
 * not write: the output is the merge plan, one {@link MergeAction} per incoming event, that the
 * Iceberg commit applies atomically.
 *
 * <p>An incoming event <em>matches</em> the existing rows with the same {@code idempotency_key}
 * whose {@code period_reference} is within ±{@code lookback_months} of the incoming one (edge
 * included; {@link Lookback#ALL} matches any period). Then:
 *
 * <ul>
 *   <li>no match → {@code INSERT};
 *   <li>the incoming {@code last_updated_ts} is strictly newer than every match → {@code UPDATE}:
 *       all matches are replaced (so at most one row per key remains within the window, and the row
 *       may move to the incoming period) and the earliest {@code first_seen_ts} is kept;
 *   <li>otherwise → {@code SKIP_STALE}: an equal timestamp is a re-delivery and changes nothing, an
 *       older one lost to a newer correction.
 * </ul>
 *
 * <p>For catch-up, {@link #refreshingOtherSchemaVersions(String)} also replaces a match whose
 * {@code last_updated_ts} equals the incoming one when the match was curated by another schema
 * version: the same event re-curated under the new schema (new columns filled, promoted types
 * rewritten). A rerun then finds every row at the active version and skips it — idempotent.
 *
 * <p>The incoming events should already be LIFO-deduplicated; if a key still arrives more than
 * once, the {@link EventOrder#LIFO} winner is merged and the others are {@code SKIP_STALE} with no
 * matches. An incoming event without a key or with an unparseable timestamp cannot be newer than an
 * original. Existing rows are given by the caller — normally only those of the candidate periods.
 *
 * <pre>{@code
 * PCollection<MergeAction> plan =
 *     curated.apply(CrossPeriodMerge.into(existingRows).withLookback(schema.lookback()));
 * }</pre>
 */
public final class CrossPeriodMerge
    extends PTransform<PCollection<FlatEvent>, PCollection<MergeAction>> {
  private static final TupleTag<FlatEvent> INCOMING = new TupleTag<FlatEvent>() {};
  private static final TupleTag<ExistingRow> EXISTING = new TupleTag<ExistingRow>() {};
  private static final TupleTag<KV<Integer, FlatEvent>> KEYED =
      new TupleTag<KV<Integer, FlatEvent>>() {};
  private static final TupleTag<FlatEvent> UNKEYED = new TupleTag<FlatEvent>() {};

  private final PCollection<ExistingRow> existing;
  private final Lookback lookback;
  private final String refreshVersion;
  private final int shards;

  private CrossPeriodMerge(PCollection<ExistingRow> existing, Lookback lookback,
      String refreshVersion, int shards) {
    this.existing = existing;
    this.lookback = lookback;
    this.refreshVersion = refreshVersion;
    this.shards = shards;
  }

  /**
   * Returns a transform like this one but grouping keys into {@code shards} groups (each resolved
   * in memory; see {@link KeyShards}). Raise it for very large batches.
   */
  public CrossPeriodMerge withShards(int shards) {
    return new CrossPeriodMerge(existing, lookback, refreshVersion, KeyShards.check(shards));
  }

  /** Merges into the table whose candidate rows are {@code existingRows}, with the default window. */
  public static CrossPeriodMerge into(PCollection<ExistingRow> existingRows) {
    if (existingRows == null) {
      throw new IllegalArgumentException(
          "existingRows must not be null; pass an empty PCollection for an empty table");
    }
    return new CrossPeriodMerge(existingRows, Lookback.DEFAULT, null, KeyShards.DEFAULT);
  }

  /** Returns a transform like this one but with the window {@code lookback}. */
  public CrossPeriodMerge withLookback(Lookback lookback) {
    return new CrossPeriodMerge(existing, Objects.requireNonNull(lookback, "lookback"),
        refreshVersion, shards);
  }

  /**
   * Returns a transform like this one but that also replaces equally new matches curated by a
   * schema version other than {@code activeVersion} (catch-up).
   */
  public CrossPeriodMerge refreshingOtherSchemaVersions(String activeVersion) {
    if (activeVersion == null || activeVersion.isEmpty()) {
      throw new IllegalArgumentException("activeVersion must name the active schema version");
    }
    return new CrossPeriodMerge(existing, lookback, activeVersion, shards);
  }

  @Override
  public PCollection<MergeAction> expand(PCollection<FlatEvent> input) {
    PCollectionTuple split =
        input.apply("Shard by idempotency_key", ParDo.of(new ShardFn(shards))
            .withOutputTags(KEYED, TupleTagList.of(UNKEYED)));
    PCollection<KV<Integer, FlatEvent>> incoming =
        split.get(KEYED).setCoder(KvCoder.of(VarIntCoder.of(), FlatEvent.FlatEventCoder.of()));
    int n = shards;
    PCollection<KV<Integer, ExistingRow>> stored =
        existing
            .apply("Shard existing rows",
                WithKeys.of((ExistingRow r) -> KeyShards.of(r.idempotencyKey(), n))
                    .withKeyType(TypeDescriptors.integers()))
            .setCoder(KvCoder.of(VarIntCoder.of(), ExistingRow.ExistingRowCoder.of()));
    PCollection<MergeAction> matched =
        KeyedPCollectionTuple.of(INCOMING, incoming)
            .and(EXISTING, stored)
            .apply("Join with existing rows by shard", CoGroupByKey.create())
            .apply("Decide per key", ParDo.of(new DecideFn(lookback, refreshVersion)))
            .setCoder(MergeAction.MergeActionCoder.of());
    PCollection<MergeAction> unkeyed =
        split.get(UNKEYED)
            .setCoder(FlatEvent.FlatEventCoder.of())
            .apply("Insert events without key", MapElements
                .into(TypeDescriptor.of(MergeAction.class))
                .via(MergeAction::insert))
            .setCoder(MergeAction.MergeActionCoder.of());
    return PCollectionList.of(matched).and(unkeyed).apply("Merge plan", Flatten.pCollections());
  }

  /** The decision for one key; package-private so tests can state the rules directly. */
  static List<MergeAction> decide(List<FlatEvent> incoming, List<ExistingRow> existing,
      Lookback lookback) {
    return decide(incoming, existing, lookback, null);
  }

  /** As {@link #decide(List, List, Lookback)}, refreshing rows of other versions when given. */
  static List<MergeAction> decide(List<FlatEvent> incoming, List<ExistingRow> existing,
      Lookback lookback, String refreshVersion) {
    List<MergeAction> actions = new ArrayList<>();
    FlatEvent latest = null;
    for (FlatEvent e : incoming) {
      if (latest == null || EventOrder.LIFO.compare(e, latest) > 0) {
        latest = e;
      }
    }
    if (latest == null) {
      return actions;
    }
    for (FlatEvent e : incoming) {
      if (e != latest) {
        actions.add(MergeAction.skip(e, List.of()));
      }
    }
    List<ExistingRow> matches = new ArrayList<>();
    for (ExistingRow row : existing) {
      if (lookback.covers(latest.periodReference(), row.periodReference())) {
        matches.add(row);
      }
    }
    if (matches.isEmpty()) {
      actions.add(MergeAction.insert(latest));
      return actions;
    }
    Instant incomingTs = Timestamps.parseOrNull(latest.lastUpdatedTs());
    boolean newer = incomingTs != null;
    Long firstSeen = null;
    for (ExistingRow row : matches) {
      Long stored = row.lastUpdatedTsMicros();
      if (newer && stored != null) {
        long incomingMicros = Timestamps.toMicros(incomingTs);
        boolean refresh = refreshVersion != null && incomingMicros == stored
            && !refreshVersion.equals(row.schemaVersion());
        if (incomingMicros < stored || (incomingMicros == stored && !refresh)) {
          newer = false;
        }
      }
      if (row.firstSeenTsMicros() != null
          && (firstSeen == null || row.firstSeenTsMicros() < firstSeen)) {
        firstSeen = row.firstSeenTsMicros();
      }
    }
    actions.add(newer ? MergeAction.update(latest, matches, firstSeen)
        : MergeAction.skip(latest, matches));
    return actions;
  }

  private static final class ShardFn extends DoFn<FlatEvent, KV<Integer, FlatEvent>> {
    private final int shards;

    ShardFn(int shards) {
      this.shards = shards;
    }

    @ProcessElement
    public void process(@Element FlatEvent e, MultiOutputReceiver out) {
      if (e.idempotencyKey() == null) {
        out.get(UNKEYED).output(e);
      } else {
        out.get(KEYED).output(KV.of(KeyShards.of(e.idempotencyKey(), shards), e));
      }
    }
  }

  private static final class DecideFn extends DoFn<KV<Integer, CoGbkResult>, MergeAction> {
    private final Counter inserted = Metrics.counter(CrossPeriodMerge.class, "inserted");
    private final Counter updated = Metrics.counter(CrossPeriodMerge.class, "updated");
    private final Counter skipped = Metrics.counter(CrossPeriodMerge.class, "skipped_stale");
    private final Lookback lookback;
    private final String refreshVersion;

    DecideFn(Lookback lookback, String refreshVersion) {
      this.lookback = lookback;
      this.refreshVersion = refreshVersion;
    }

    @ProcessElement
    public void process(@Element KV<Integer, CoGbkResult> shard, OutputReceiver<MergeAction> out) {
      Map<String, List<FlatEvent>> incoming = new HashMap<>();
      for (FlatEvent e : shard.getValue().getAll(INCOMING)) {
        incoming.computeIfAbsent(e.idempotencyKey(), k -> new ArrayList<>()).add(e);
      }
      if (incoming.isEmpty()) {
        return;
      }
      Map<String, List<ExistingRow>> existing = new HashMap<>();
      for (ExistingRow r : shard.getValue().getAll(EXISTING)) {
        if (incoming.containsKey(r.idempotencyKey())) {
          existing.computeIfAbsent(r.idempotencyKey(), k -> new ArrayList<>()).add(r);
        }
      }
      for (Map.Entry<String, List<FlatEvent>> key : incoming.entrySet()) {
        List<ExistingRow> rows = existing.getOrDefault(key.getKey(), List.of());
        for (MergeAction action : decide(key.getValue(), rows, lookback, refreshVersion)) {
          switch (action.kind()) {
            case INSERT: inserted.inc(); break;
            case UPDATE: updated.inc(); break;
            default: skipped.inc();
          }
          out.output(action);
        }
      }
    }
  }
}
