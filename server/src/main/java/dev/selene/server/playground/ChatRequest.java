package dev.selene.server.playground;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One chat call, protocol-neutral: OpenAI-format messages (already rendered) and the template's
 * model parameters ({@code extra}, snake_case, without {@code model} and {@code stream}).
 */
record ChatRequest(String model, ArrayNode messages, ObjectNode extra, boolean stream) {}
