package io.leanops.transforms;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.Serializable;
import java.util.List;
import java.util.Objects;
import org.apache.beam.sdk.coders.AtomicCoder;
import org.apache.beam.sdk.coders.CoderProvider;
import org.apache.beam.sdk.coders.CoderProviders;
import org.apache.beam.sdk.coders.DefaultCoder;
import org.apache.beam.sdk.values.TypeDescriptor;

/**
 * An event a transform could not pass on, with every reason: the row of {@code
 * standardized.parse_errors} or {@code curated.errors}. {@code payload} is the original text (parse
 * failures) or the row as JSON (curate failures), so nothing is lost.
 */
@DefaultCoder(RejectedEvent.RejectedEventCoder.class)
public final class RejectedEvent implements Serializable {
  private static final long serialVersionUID = 1L;

  private final String topicName;
  private final String messageId;
  private final String idempotencyKey;
  private final String periodReference;
  private final ErrorType errorType;
  private final List<String> violations;
  private final String payload;

  private RejectedEvent(String topicName, String messageId, String idempotencyKey,
      String periodReference, ErrorType errorType, List<String> violations, String payload) {
    this.topicName = Objects.requireNonNull(topicName, "topicName");
    this.messageId = Objects.requireNonNull(messageId, "messageId");
    this.idempotencyKey = idempotencyKey;
    this.periodReference = periodReference;
    this.errorType = Objects.requireNonNull(errorType, "errorType");
    this.violations = List.copyOf(violations);
    this.payload = Objects.requireNonNull(payload, "payload");
  }

  public static RejectedEvent of(String topicName, String messageId, String idempotencyKey,
      String periodReference, ErrorType errorType, List<String> violations, String payload) {
    if (violations.isEmpty()) {
      throw new IllegalArgumentException("a rejected event needs at least one reason");
    }
    return new RejectedEvent(topicName, messageId, idempotencyKey, periodReference, errorType,
        violations, payload);
  }

  public String topicName() {
    return topicName;
  }

  public String messageId() {
    return messageId;
  }

  /** Null when unknown (e.g. the payload did not parse). */
  public String idempotencyKey() {
    return idempotencyKey;
  }

  /** Null when unknown. */
  public String periodReference() {
    return periodReference;
  }

  public ErrorType errorType() {
    return errorType;
  }

  /** Every reason, in a deterministic order; never empty. */
  public List<String> violations() {
    return violations;
  }

  /** The reasons joined with {@code "; "}: the {@code detail} column. */
  public String detail() {
    return String.join("; ", violations);
  }

  public String payload() {
    return payload;
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof RejectedEvent)) {
      return false;
    }
    RejectedEvent that = (RejectedEvent) o;
    return topicName.equals(that.topicName) && messageId.equals(that.messageId)
        && Objects.equals(idempotencyKey, that.idempotencyKey)
        && Objects.equals(periodReference, that.periodReference)
        && errorType == that.errorType && violations.equals(that.violations)
        && payload.equals(that.payload);
  }

  @Override
  public int hashCode() {
    return Objects.hash(topicName, messageId, idempotencyKey, periodReference, errorType,
        violations, payload);
  }

  @Override
  public String toString() {
    return "RejectedEvent{" + messageId + " " + errorType + " " + violations + "}";
  }

  /** Coder for {@link RejectedEvent}. */
  public static final class RejectedEventCoder extends AtomicCoder<RejectedEvent> {
    private static final RejectedEventCoder INSTANCE = new RejectedEventCoder();

    public static RejectedEventCoder of() {
      return INSTANCE;
    }

    /** Lets {@code @DefaultCoder} find this coder. */
    public static CoderProvider getCoderProvider() {
      return CoderProviders.forCoder(TypeDescriptor.of(RejectedEvent.class), INSTANCE);
    }

    @Override
    public void encode(RejectedEvent e, OutputStream out) throws IOException {
      Codec.writeString(e.topicName, out);
      Codec.writeString(e.messageId, out);
      Codec.writeString(e.idempotencyKey, out);
      Codec.writeString(e.periodReference, out);
      Codec.writeString(e.errorType.name(), out);
      Codec.writeStrings(e.violations, out);
      Codec.writeString(e.payload, out);
    }

    @Override
    public RejectedEvent decode(InputStream in) throws IOException {
      return new RejectedEvent(Codec.readString(in), Codec.readString(in), Codec.readString(in),
          Codec.readString(in), ErrorType.valueOf(Codec.readString(in)), Codec.readStrings(in),
          Codec.readString(in));
    }
  }
}
