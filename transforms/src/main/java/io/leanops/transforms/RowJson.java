package io.leanops.transforms;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Renders a flat event's columns as one JSON object (sorted by name): the error tables' row text. */
public final class RowJson {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private RowJson() {}

  public static String render(FlatEvent event) {
    try {
      return MAPPER.writeValueAsString(event.columns());
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot render columns of " + event.messageId(), e);
    }
  }
}
