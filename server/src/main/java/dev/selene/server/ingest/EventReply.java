package dev.selene.server.ingest;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * One event's entry in the ingest reply, {@code {"id":…,"success":…}} with an {@code error} when it
 * failed. A class rather than a map: the reply of a 100-event request is serialised on the thread
 * that acknowledges commits, and a bean serialises in about half the time of a map per entry.
 */
@JsonPropertyOrder({"id", "success", "error"})
final class EventReply {
  @JsonProperty private final String id;
  @JsonProperty private boolean success = true;

  @JsonProperty
  @JsonInclude(JsonInclude.Include.NON_NULL)
  private String error;

  EventReply(String id) {
    this.id = id;
  }

  void fail(String message) {
    success = false;
    error = message;
  }
}
