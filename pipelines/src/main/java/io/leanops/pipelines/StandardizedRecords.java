package io.leanops.pipelines;

import io.leanops.io.IcebergValues;
import io.leanops.io.RecordConverter;
import io.leanops.schemas.Envelope;
import io.leanops.schemas.Timestamps;
import io.leanops.transforms.FlatEvent;
import io.leanops.transforms.RejectedEvent;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.Record;

/** Row conversions of the standardize stage (STANDARDIZED rows and parse_errors rows). */
final class StandardizedRecords {
  private StandardizedRecords() {}

  /**
   * A STANDARDIZED row: payload columns as strings; {@code publish_time} parsed to a timestamp (null
   * when missing or unparseable — the original stays in RAW); {@code ingestion_ts} and {@code
   * topic_name} from RAW.
   */
  static RecordConverter<FlatEvent> standardized() {
    return (e, schema) -> {
      GenericRecord r = GenericRecord.create(schema);
      for (Map.Entry<String, String> c : e.columns().entrySet()) {
        String name = c.getKey();
        if (name.equals(Envelope.PUBLISH_TIME)) {
          Instant t = Timestamps.parseOrNull(c.getValue());
          r.setField(name, t == null ? null : t.atOffset(ZoneOffset.UTC));
        } else if (!name.equals(Envelope.INGESTION_TS) && !name.equals(Envelope.TOPIC_NAME)) {
          r.setField(name, c.getValue());
        }
      }
      r.setField(Envelope.TOPIC_NAME, e.topicName());
      r.setField(Envelope.INGESTION_TS, IcebergValues.timestamp(e.ingestionTsMicros()));
      return r;
    };
  }

  /** A {@code standardized.parse_errors} row of run {@code runId}. */
  static RecordConverter<RejectedEvent> parseError(String runId) {
    return (e, schema) -> {
      Record r = GenericRecord.create(schema);
      r.setField("topic_name", e.topicName());
      r.setField("message_id", e.messageId());
      r.setField("raw_text", e.payload());
      r.setField("error_type", e.errorType().name());
      r.setField("detail", e.detail());
      r.setField("run_id", runId);
      return r;
    };
  }
}
