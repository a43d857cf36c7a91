package dev.selene.sdk.langchain4j;

import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.Content;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.TextContent;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.data.message.UserMessage;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** LangChain4j messages in OpenAI's {@code {role, content, …}} shape, as Lunary records them. */
final class Messages {
  private Messages() {}

  static List<Map<String, Object>> of(List<ChatMessage> messages) {
    List<Map<String, Object>> out = new ArrayList<>(messages.size());
    for (ChatMessage m : messages) {
      out.add(of(m));
    }
    return out;
  }

  static Map<String, Object> of(ChatMessage m) {
    Map<String, Object> out = new LinkedHashMap<>();
    if (m instanceof SystemMessage s) {
      out.put("role", "system");
      out.put("content", s.text());
    } else if (m instanceof UserMessage u) {
      out.put("role", "user");
      out.put("content", u.hasSingleText() ? u.singleText() : contents(u.contents()));
      if (u.name() != null) out.put("name", u.name());
    } else if (m instanceof AiMessage a) {
      return of(a);
    } else if (m instanceof ToolExecutionResultMessage t) {
      out.put("role", "tool");
      out.put("content", t.text());
      out.put("tool_call_id", t.id());
      out.put("name", t.toolName());
    } else {
      out.put("role", m.type().name().toLowerCase(java.util.Locale.ROOT));
      out.put("content", m.toString());
    }
    return out;
  }

  static Map<String, Object> of(AiMessage a) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("role", "assistant");
    out.put("content", a.text());
    if (a.hasToolExecutionRequests()) {
      List<Map<String, Object>> calls = new ArrayList<>();
      for (ToolExecutionRequest r : a.toolExecutionRequests()) {
        Map<String, Object> fn = new LinkedHashMap<>();
        fn.put("name", r.name());
        fn.put("arguments", r.arguments());
        Map<String, Object> call = new LinkedHashMap<>();
        call.put("id", r.id());
        call.put("type", "function");
        call.put("function", fn);
        calls.add(call);
      }
      out.put("tool_calls", calls);
    }
    return out;
  }

  static List<Map<String, Object>> tools(List<ToolSpecification> specs) {
    List<Map<String, Object>> out = new ArrayList<>();
    for (ToolSpecification s : specs) {
      Map<String, Object> fn = new LinkedHashMap<>();
      fn.put("name", s.name());
      if (s.description() != null) fn.put("description", s.description());
      out.add(Map.of("type", "function", "function", fn));
    }
    return out;
  }

  private static List<Object> contents(List<Content> contents) {
    List<Object> out = new ArrayList<>();
    for (Content c : contents) {
      if (c instanceof TextContent t) {
        out.add(Map.of("type", "text", "text", t.text()));
      } else {
        out.add(Map.of("type", c.type().name().toLowerCase(java.util.Locale.ROOT)));
      }
    }
    return out;
  }
}
