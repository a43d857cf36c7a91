package dev.selene.server.templates;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;

/**
 * One version of a template. {@code content} is a string (text mode) or an array of chat messages;
 * {@code extra} holds model parameters with snake_case keys; drafts have no {@code publishedAt}.
 */
public record TemplateVersion(
    long id,
    long templateId,
    String slug,
    int version,
    JsonNode content,
    ObjectNode extra,
    JsonNode testValues,
    String notes,
    boolean draft,
    Instant createdAt,
    Instant publishedAt,
    Author createdBy,
    Author publishedBy) {}
