package io.leanops.transforms;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.Serializable;
import java.util.Objects;
import org.apache.beam.sdk.coders.AtomicCoder;
import org.apache.beam.sdk.coders.CoderProvider;
import org.apache.beam.sdk.coders.CoderProviders;
import org.apache.beam.sdk.coders.DefaultCoder;
import org.apache.beam.sdk.values.TypeDescriptor;

/**
 * One RAW row as the transforms see it: the message id (given or derived at ingest), the topic, the
 * original JSON text, when it was ingested, and where it lies in RAW (data file path and row
 * position — the FIFO tie-breaks of SPEC.md §3.4).
 */
@DefaultCoder(RawEvent.RawEventCoder.class)
public final class RawEvent implements Serializable {
  private static final long serialVersionUID = 1L;

  private final String messageId;
  private final String topicName;
  private final String jsonPayload;
  private final long ingestionTsMicros;
  private final String sourceFile;
  private final long sourcePosition;

  private RawEvent(String messageId, String topicName, String jsonPayload, long ingestionTsMicros,
      String sourceFile, long sourcePosition) {
    this.messageId = Objects.requireNonNull(messageId, "messageId");
    this.topicName = Objects.requireNonNull(topicName, "topicName");
    this.jsonPayload = Objects.requireNonNull(jsonPayload, "jsonPayload");
    this.ingestionTsMicros = ingestionTsMicros;
    this.sourceFile = Objects.requireNonNull(sourceFile, "sourceFile");
    this.sourcePosition = sourcePosition;
  }

  public static RawEvent of(String messageId, String topicName, String jsonPayload,
      long ingestionTsMicros, String sourceFile, long sourcePosition) {
    return new RawEvent(messageId, topicName, jsonPayload, ingestionTsMicros, sourceFile,
        sourcePosition);
  }

  public String messageId() {
    return messageId;
  }

  public String topicName() {
    return topicName;
  }

  public String jsonPayload() {
    return jsonPayload;
  }

  public long ingestionTsMicros() {
    return ingestionTsMicros;
  }

  public String sourceFile() {
    return sourceFile;
  }

  public long sourcePosition() {
    return sourcePosition;
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof RawEvent)) {
      return false;
    }
    RawEvent that = (RawEvent) o;
    return messageId.equals(that.messageId) && topicName.equals(that.topicName)
        && jsonPayload.equals(that.jsonPayload) && ingestionTsMicros == that.ingestionTsMicros
        && sourceFile.equals(that.sourceFile) && sourcePosition == that.sourcePosition;
  }

  @Override
  public int hashCode() {
    return Objects.hash(messageId, topicName, jsonPayload, ingestionTsMicros, sourceFile,
        sourcePosition);
  }

  @Override
  public String toString() {
    return "RawEvent{" + messageId + " @" + sourceFile + ":" + sourcePosition + "}";
  }

  /** Coder for {@link RawEvent}. */
  public static final class RawEventCoder extends AtomicCoder<RawEvent> {
    private static final RawEventCoder INSTANCE = new RawEventCoder();

    public static RawEventCoder of() {
      return INSTANCE;
    }

    /** Lets {@code @DefaultCoder} find this coder. */
    public static CoderProvider getCoderProvider() {
      return CoderProviders.forCoder(TypeDescriptor.of(RawEvent.class), INSTANCE);
    }

    @Override
    public void encode(RawEvent e, OutputStream out) throws IOException {
      Codec.writeString(e.messageId, out);
      Codec.writeString(e.topicName, out);
      Codec.writeString(e.jsonPayload, out);
      Codec.writeLong(e.ingestionTsMicros, out);
      Codec.writeString(e.sourceFile, out);
      Codec.writeLong(e.sourcePosition, out);
    }

    @Override
    public RawEvent decode(InputStream in) throws IOException {
      return new RawEvent(Codec.readString(in), Codec.readString(in), Codec.readString(in),
          Codec.readLong(in), Codec.readString(in), Codec.readLong(in));
    }
  }
}
