package io.leanops.schemas;

import java.util.Set;

/**
 * Names of the message envelope fields (SPEC.md §2). They are always registered: they never count
 * as schema drift, whatever the topic schema lists.
 */
public final class Envelope {
  public static final String MESSAGE_ID = "message_id";
  public static final String TOPIC_NAME = "topic_name";
  public static final String IDEMPOTENCY_KEY = "idempotency_key";
  public static final String PERIOD_REFERENCE = "period_reference";
  public static final String PUBLISH_TIME = "publish_time";
  public static final String LAST_UPDATED_TS = "last_updated_ts";
  public static final String INGESTION_TS = "ingestion_ts";

  /** Every envelope field, in message order. */
  public static final Set<String> FIELDS =
      Set.of(
          MESSAGE_ID,
          TOPIC_NAME,
          IDEMPOTENCY_KEY,
          PERIOD_REFERENCE,
          PUBLISH_TIME,
          LAST_UPDATED_TS,
          INGESTION_TS);

  private Envelope() {}
}
