package io.leanops.transforms;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import io.leanops.schemas.Lookback;
import io.leanops.schemas.PeriodReference;
import io.leanops.schemas.Timestamps;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

/**
 * SPEC.md §4.6: "After any curate run, CURATED holds at most one row per idempotency_key within the
 * window." Applies random merge plans to a simulated table, run after run, and checks the invariant
 * and the first_seen_ts rule after each run.
 */
@RunWith(JUnit4.class)
public class MergeInvariantTest {
  private static final String[] PERIODS = {
      "2025-10", "2025-11", "2025-12", "2026-01", "2026-02", "2026-03", "2026-04"};

  @Test
  public void atMostOneRowPerKeyWithinTheWindowAfterAnySequenceOfRuns() {
    for (int lookbackMonths = 0; lookbackMonths <= 2; lookbackMonths++) {
      simulate(Lookback.months(lookbackMonths), new Random(17L + lookbackMonths));
    }
    simulate(Lookback.ALL, new Random(99L));
  }

  private static void simulate(Lookback lookback, Random random) {
    List<ExistingRow> table = new ArrayList<>();
    long fileCounter = 0;
    for (int run = 0; run < 200; run++) {
      long runTime = 1_000_000L * (run + 1);
      String file = "cur/run-" + run + ".parquet";
      List<ExistingRow> added = new ArrayList<>();
      List<ExistingRow> removed = new ArrayList<>();
      for (int k = 0; k < 4; k++) {
        String key = "k" + k;
        List<FlatEvent> incoming = new ArrayList<>();
        int n = random.nextInt(3);
        for (int i = 0; i < n; i++) {
          String updated = Timestamps.fromMicros(1_000_000L * random.nextInt(50)).toString();
          incoming.add(Events.flat("m" + run + "-" + k + "-" + i).key(key)
              .period(PERIODS[random.nextInt(PERIODS.length)]).updated(updated)
              .ingested(random.nextInt(3)).build());
        }
        List<ExistingRow> existing = new ArrayList<>();
        for (ExistingRow r : table) {
          if (r.idempotencyKey().equals(key)) {
            existing.add(r);
          }
        }
        List<MergeAction> plan = CrossPeriodMerge.decide(incoming, existing, lookback);
        assertEquals("one action per incoming event", incoming.size(), plan.size());
        for (MergeAction a : plan) {
          FlatEvent e = a.event();
          long ts = Timestamps.toMicros(Instant.parse(e.lastUpdatedTs()));
          switch (a.kind()) {
            case INSERT:
              added.add(ExistingRow.of(key, e.periodReference(), ts, runTime, file,
                  fileCounter++));
              break;
            case UPDATE:
              Long firstSeen = null;
              for (ExistingRow m : a.matches()) {
                assertTrue("stored row is older", m.lastUpdatedTsMicros() < ts);
                firstSeen = firstSeen == null ? m.firstSeenTsMicros()
                    : Math.min(firstSeen, m.firstSeenTsMicros());
              }
              assertEquals("earliest first_seen_ts kept", firstSeen, a.firstSeenTsMicros());
              removed.addAll(a.matches());
              added.add(ExistingRow.of(key, e.periodReference(), ts, a.firstSeenTsMicros(), file,
                  fileCounter++));
              break;
            default:
              break;
          }
        }
      }
      table.removeAll(removed);
      table.addAll(added);
      assertInvariant(table, lookback, run);
    }
  }

  private static void assertInvariant(List<ExistingRow> table, Lookback lookback, int run) {
    for (int i = 0; i < table.size(); i++) {
      for (int j = i + 1; j < table.size(); j++) {
        ExistingRow a = table.get(i);
        ExistingRow b = table.get(j);
        if (!a.idempotencyKey().equals(b.idempotencyKey())) {
          continue;
        }
        boolean within = lookback.isAll()
            || Math.abs(PeriodReference.monthsBetween(a.periodReference(), b.periodReference()))
                <= lookback.months();
        assertTrue("after run " + run + " with lookback " + lookback + ": " + a + " and " + b
            + " are both stored", !within);
      }
    }
  }
}
