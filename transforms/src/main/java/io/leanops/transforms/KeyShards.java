package io.leanops.transforms;

/**
 * Spreads string keys over a fixed number of shards with {@code String.hashCode} (specified by the
 * JDK, so every worker, runner and rerun agrees). The keyed transforms group by shard and resolve
 * each key inside its shard in memory: a few hundred groups per batch instead of one per key,
 * which keeps per-group overhead (large on the DirectRunner) and shuffle metadata small, at the
 * cost of holding one shard — about batch size / shards elements — in memory at a time.
 */
final class KeyShards {
  /** Default number of shards: enough parallelism for a large cluster, small groups per batch. */
  static final int DEFAULT = 256;

  private KeyShards() {}

  static int of(String key, int shards) {
    return Math.floorMod(key.hashCode(), shards);
  }

  static int check(int shards) {
    if (shards < 1) {
      throw new IllegalArgumentException("shards must be at least 1, got " + shards);
    }
    return shards;
  }
}
