"""Writes the golden OTLP fixtures (server/src/test/resources/fixtures/otlp/*.json).

Each fixture is an OTLP/JSON request as exporters send it (hex ids, nanosecond strings) and the
runs Selene must store for it. Run: python3 server/src/test/fixture-sources/otlp_fixtures.py
"""
import json, os

T0 = 1740823200_000_000_000  # 2025-03-01T10:00:00Z
MS = 1_000_000
TRACE = "4bf92f3577b34da6a3ce929d0e0e4736"
OUT = os.path.join(os.path.dirname(__file__), "..", "resources", "fixtures", "otlp")


def value(v):
    if isinstance(v, bool):
        return {"boolValue": v}
    if isinstance(v, int):
        return {"intValue": str(v)}
    if isinstance(v, float):
        return {"doubleValue": v}
    if isinstance(v, list):
        return {"arrayValue": {"values": [value(x) for x in v]}}
    if isinstance(v, dict):
        return {"kvlistValue": {"values": attrs(v)}}
    return {"stringValue": v}


def attrs(d):
    return [{"key": k, "value": value(v)} for k, v in d.items()]


def span(span_id, name, start_ms, end_ms, attributes, parent=None, kind=1, events=None,
         status=None, trace=TRACE):
    s = {"traceId": trace, "spanId": span_id, "name": name, "kind": kind,
         "startTimeUnixNano": str(T0 + start_ms * MS), "endTimeUnixNano": str(T0 + end_ms * MS),
         "attributes": attrs(attributes)}
    if parent:
        s["parentSpanId"] = parent
    if events:
        s["events"] = [{"name": n, "timeUnixNano": str(T0 + t * MS), "attributes": attrs(a)}
                       for n, t, a in events]
    if status:
        s["status"] = status
    return s


def request(spans, resource=None, scope="test-instrumentation"):
    return {"resourceSpans": [{"resource": {"attributes": attrs(resource or {"service.name": "fixture-app"})},
                               "scopeSpans": [{"scope": {"name": scope, "version": "1.0"}, "spans": spans}]}]}


def write(name, description, req, runs, rejected=0, problems=()):
    os.makedirs(OUT, exist_ok=True)
    doc = {"description": description, "request": req, "runs": runs}
    if rejected:
        doc["rejectedSpans"] = rejected
        doc["problems"] = list(problems)
    with open(os.path.join(OUT, name + ".json"), "w") as f:
        json.dump(doc, f, indent=1)
        f.write("\n")


def j(v):
    return json.dumps(v, separators=(",", ":"))


# ---- GenAI, older attribute names: Lunary's Python guide, OpenLLMetry-style indexed messages ----
write("genai-legacy", "Older GenAI names: gen_ai.prompt.N.*, gen_ai.completion.N.*, usage.prompt_tokens; no operation name (type inferred)",
      request([
          span("00f067aa0ba902b7", "My LLM Call", 0, 850, {
              "gen_ai.system": "openai",
              "gen_ai.request.model": "gpt-4.1",
              "gen_ai.prompt.0.role": "system", "gen_ai.prompt.0.content": "Be brief.",
              "gen_ai.prompt.1.role": "user", "gen_ai.prompt.1.content": "Hello, LLM world!",
              "gen_ai.completion.0.role": "assistant", "gen_ai.completion.0.content": "Hi there!",
              "gen_ai.completion.0.finish_reason": "stop",
              "gen_ai.usage.prompt_tokens": 25, "gen_ai.usage.completion_tokens": 4,
              "gen_ai.request.top_p": 0.9,
              "lunary.user.id": "user-123", "lunary.tags": ["my-experiment", "beta"]})]),
      {"00f067aa0ba902b7": {
          "type": "llm", "name": "gpt-4.1", "status": "success", "duration": "00:00:00.85",
          "input": [{"role": "system", "content": "Be brief."}, {"role": "user", "content": "Hello, LLM world!"}],
          "output": {"role": "assistant", "content": "Hi there!"},
          "promptTokens": 25, "completionTokens": 4, "params": {"topP": 0.9},
          "user": "user-123", "tags": ["my-experiment", "beta"],
          "metadata": {"provider": "openai", "gen_ai.completion.0.finish_reason": "stop",
                       "service.name": "fixture-app", "otel/scope/name": "test-instrumentation"},
          "mapping": {"type": "inferred: model with messages or tokens", "input": "gen_ai.prompt.*",
                      "output": "gen_ai.completion.*", "tokens.prompt": "gen_ai.usage.prompt_tokens",
                      "tags": "lunary.tags", "userId": "lunary.user.id"}}})

# ---- GenAI message span events (semconv 1.2x event API) ----
write("genai-events", "GenAI messages as span events (gen_ai.user.message, gen_ai.choice) with the current usage names",
      request([
          span("1111111111111111", "chat claude-3-5-sonnet", 0, 2000, {
              "gen_ai.operation.name": "chat", "gen_ai.system": "anthropic",
              "gen_ai.request.model": "claude-3-5-sonnet-20241022", "gen_ai.response.model": "claude-3-5-sonnet-20241022",
              "gen_ai.usage.input_tokens": 40, "gen_ai.usage.output_tokens": 12,
              "gen_ai.request.max_tokens": 256},
              kind=3,
              events=[("gen_ai.system.message", 0, {"content": "You answer in French."}),
                      ("gen_ai.user.message", 0, {"content": "Hello"}),
                      ("gen_ai.choice", 2000, {"index": 0, "finish_reason": "end_turn",
                                               "message": j({"content": "Bonjour !"})}),
                      ("custom.checkpoint", 1000, {"step": "retrieved"})])]),
      {"1111111111111111": {
          "type": "llm", "name": "claude-3-5-sonnet-20241022",
          "input": [{"role": "system", "content": "You answer in French."}, {"role": "user", "content": "Hello"}],
          "output": {"role": "assistant", "content": "Bonjour !"},
          "promptTokens": 40, "completionTokens": 12, "params": {"maxTokens": 256},
          "metadata": {"provider": "anthropic", "otel/kind": "CLIENT",
                       "otel/events/0/name": "custom.checkpoint", "otel/events/0/attributes/step": "retrieved"},
          "mapping": {"type": "gen_ai.operation.name=chat", "output": "events gen_ai.choice"}}})

# ---- OpenInference (Arize / Phoenix) ----
write("openinference", "OpenInference: CHAIN root with input.value/output.value, LLM with indexed messages, RETRIEVER with documents",
      request([
          span("2222222222222201", "RAG pipeline", 0, 3000, {
              "openinference.span.kind": "CHAIN", "input.value": "What is Selene?",
              "input.mime_type": "text/plain", "output.value": j({"answer": "An observability server"}),
              "output.mime_type": "application/json", "session.id": "sess-42", "user.id": "alice",
              "tag.tags": ["rag", "prod"], "metadata": j({"experiment": "b", "version": 3})}),
          span("2222222222222202", "retrieve", 100, 400, {
              "openinference.span.kind": "RETRIEVER", "input.value": "What is Selene?",
              "retrieval.documents.0.document.id": "doc-1", "retrieval.documents.0.document.content": "Selene stores runs.",
              "retrieval.documents.0.document.score": 0.92,
              "retrieval.documents.1.document.id": "doc-2", "retrieval.documents.1.document.content": "It speaks OTLP."},
              parent="2222222222222201"),
          span("2222222222222203", "ChatCompletion", 500, 2900, {
              "openinference.span.kind": "LLM", "llm.model_name": "gpt-4o-mini", "llm.provider": "openai",
              "llm.input_messages.0.message.role": "system", "llm.input_messages.0.message.content": "Use the context.",
              "llm.input_messages.1.message.role": "user",
              "llm.input_messages.1.message.contents.0.message_content.type": "text",
              "llm.input_messages.1.message.contents.0.message_content.text": "What is Selene?",
              "llm.output_messages.0.message.role": "assistant",
              "llm.output_messages.0.message.content": "An observability server.",
              "llm.invocation_parameters": j({"temperature": 0, "max_tokens": 200}),
              "llm.token_count.prompt": 120, "llm.token_count.completion": 9, "llm.token_count.total": 129,
              "llm.token_count.prompt_details.cache_read": 64,
              "input.value": j({"messages": "raw request"}), "input.mime_type": "application/json"},
              parent="2222222222222201", kind=3)]),
      {"2222222222222201": {
          "type": "chain", "name": "RAG pipeline", "input": "What is Selene?",
          "output": {"answer": "An observability server"}, "user": "alice", "tags": ["rag", "prod"],
          "metadata": {"threadId": "sess-42", "experiment": "b", "version": 3, "input.mime_type": "text/plain"},
          "mapping": {"type": "openinference.span.kind=CHAIN", "userId": "user.id",
                      "metadata.threadId": "session.id", "metadata.experiment": "metadata"}},
       "2222222222222202": {
          "type": "retriever", "name": "retrieve", "parentSpanId": "2222222222222201", "input": "What is Selene?",
          "output": [{"id": "doc-1", "content": "Selene stores runs.", "score": 0.92},
                     {"id": "doc-2", "content": "It speaks OTLP."}]},
       "2222222222222203": {
          "type": "llm", "name": "gpt-4o-mini", "parentSpanId": "2222222222222201",
          "input": [{"role": "system", "content": "Use the context."}, {"role": "user", "content": "What is Selene?"}],
          "output": {"role": "assistant", "content": "An observability server."},
          "params": {"temperature": 0, "maxTokens": 200},
          "promptTokens": 120, "completionTokens": 9, "cachedPromptTokens": 64,
          "metadata": {"llm.token_count.total": 129, "provider": "openai"},
          "mapping": {"input": "llm.input_messages.*", "params.maxTokens": "llm.invocation_parameters"}}})

# ---- Vercel AI SDK (experimental_telemetry), as in Lunary's Vercel guide ----
VMETA = {"ai.telemetry.functionId": "summarizer", "ai.telemetry.metadata.lunary_user_id": "user-9",
         "ai.telemetry.metadata.thread_id": "thread-user-9", "ai.telemetry.metadata.plan": "pro"}
write("vercel-ai", "Vercel AI SDK generateText with a tool call: outer chain named by functionId, doGenerate llm, toolCall tool",
      request([
          span("3333333333333301", "ai.generateText", 0, 4000, {
              **VMETA, "operation.name": "ai.generateText summarizer", "ai.operationId": "ai.generateText",
              "ai.model.id": "gpt-5", "ai.model.provider": "openai.responses",
              "ai.prompt": j({"system": "Summarize.", "prompt": "Summarize: long text"}),
              "ai.response.text": "Short text.", "ai.usage.promptTokens": 50, "ai.usage.completionTokens": 5,
              "ai.settings.maxRetries": 2}),
          span("3333333333333302", "ai.generateText.doGenerate", 100, 1900, {
              **VMETA, "ai.operationId": "ai.generateText.doGenerate", "ai.model.id": "gpt-5",
              "ai.model.provider": "openai.responses",
              "ai.prompt.messages": j([{"role": "system", "content": "Summarize."},
                                       {"role": "user", "content": [{"type": "text", "text": "Summarize: long text"}]}]),
              "ai.prompt.tools": [j({"type": "function", "name": "lookup", "parameters": {}})],
              "ai.response.toolCalls": j([{"toolCallType": "function", "toolCallId": "tc1", "toolName": "lookup",
                                           "args": "{\"q\":\"text\"}"}]),
              "ai.response.finishReason": "tool-calls",
              "ai.settings.temperature": 0.3,
              "gen_ai.system": "openai.responses", "gen_ai.request.model": "gpt-5",
              "gen_ai.usage.input_tokens": 30, "gen_ai.usage.output_tokens": 3},
              parent="3333333333333301", kind=3),
          span("3333333333333303", "ai.toolCall", 2000, 2100, {
              **VMETA, "ai.operationId": "ai.toolCall", "ai.toolCall.name": "lookup", "ai.toolCall.id": "tc1",
              "ai.toolCall.args": "{\"q\":\"text\"}", "ai.toolCall.result": "{\"found\":true}"},
              parent="3333333333333301"),
          span("3333333333333304", "ai.generateText.doGenerate", 2200, 3900, {
              **VMETA, "ai.operationId": "ai.generateText.doGenerate", "ai.model.id": "gpt-5",
              "ai.prompt.messages": j([{"role": "user", "content": "Summarize: long text"},
                                       {"role": "assistant", "content": [{"type": "tool-call", "toolCallId": "tc1",
                                                                          "toolName": "lookup", "args": {"q": "text"}}]},
                                       {"role": "tool", "content": [{"type": "tool-result", "toolCallId": "tc1",
                                                                     "toolName": "lookup", "result": {"found": True}}]}]),
              "ai.response.text": "Short text.",
              "ai.usage.inputTokens": 20, "ai.usage.outputTokens": 2, "ai.usage.cachedInputTokens": 8},
              parent="3333333333333301", kind=3)],
          resource={"service.name": "vercel-ai-app", "deployment.environment": "production"}),
      {"3333333333333301": {
          "type": "chain", "name": "summarizer", "user": "user-9",
          "input": [{"role": "system", "content": "Summarize."}, {"role": "user", "content": "Summarize: long text"}],
          "output": {"role": "assistant", "content": "Short text."},
          "metadata": {"threadId": "thread-user-9", "plan": "pro", "model": "gpt-5",
                       "deployment.environment": "production", "service.name": "vercel-ai-app"},
          "mapping": {"type": "ai.operationId=ai.generateText", "name": "ai.telemetry.functionId",
                      "userId": "ai.telemetry.metadata.lunary_user_id", "metadata.plan": "ai.telemetry.metadata.*"}},
       "3333333333333302": {
          "type": "llm", "name": "gpt-5", "parentSpanId": "3333333333333301", "user": "user-9",
          "input": [{"role": "system", "content": "Summarize."}, {"role": "user", "content": "Summarize: long text"}],
          "output": {"role": "assistant", "content": None, "toolCalls": [
              {"id": "tc1", "type": "function", "function": {"name": "lookup", "arguments": "{\"q\":\"text\"}"}}]},
          "promptTokens": 30, "completionTokens": 3,
          "params": {"temperature": 0.3, "tools": [{"type": "function", "name": "lookup", "parameters": {}}]},
          "mapping": {"name": "gen_ai.request.model", "tokens.prompt": "gen_ai.usage.input_tokens",
                      "input": "ai.prompt.messages", "output": "ai.response.toolCalls"}},
       "3333333333333303": {
          "type": "tool", "name": "lookup", "parentSpanId": "3333333333333301",
          "input": {"q": "text"}, "output": {"found": True}},
       "3333333333333304": {
          "type": "llm", "name": "gpt-5", "parentSpanId": "3333333333333301",
          "input": [{"role": "user", "content": "Summarize: long text"},
                    {"role": "assistant", "content": None, "toolCalls": [
                        {"id": "tc1", "type": "function", "function": {"name": "lookup", "arguments": "{\"q\":\"text\"}"}}]},
                    {"role": "tool", "content": {"found": True}, "toolCallId": "tc1", "name": "lookup"}],
          "output": {"role": "assistant", "content": "Short text."},
          "promptTokens": 20, "completionTokens": 2, "cachedPromptTokens": 8}})

# ---- OpenLLMetry (Traceloop) ----
write("openllmetry", "OpenLLMetry: workflow with entity input/output and association properties, openai.chat with indexed prompt/completion and a tool call",
      request([
          span("4444444444444401", "joke_workflow.workflow", 0, 1500, {
              "traceloop.span.kind": "workflow", "traceloop.entity.name": "joke_workflow",
              "traceloop.workflow.name": "joke_workflow",
              "traceloop.entity.input": j({"args": [], "kwargs": {"topic": "owls"}}),
              "traceloop.entity.output": j("Why did the owl..."),
              "traceloop.association.properties.user_id": "u-77",
              "traceloop.association.properties.session_id": "s-1",
              "traceloop.association.properties.tenant": "acme"}),
          span("4444444444444402", "openai.chat", 100, 1400, {
              "llm.request.type": "chat", "gen_ai.system": "OpenAI", "gen_ai.request.model": "gpt-3.5-turbo",
              "gen_ai.response.model": "gpt-3.5-turbo-0125", "gen_ai.request.temperature": 0.7,
              "gen_ai.prompt.0.role": "user", "gen_ai.prompt.0.content": "Tell me a joke about owls",
              "gen_ai.completion.0.role": "assistant", "gen_ai.completion.0.finish_reason": "tool_calls",
              "gen_ai.completion.0.tool_calls.0.id": "call_x", "gen_ai.completion.0.tool_calls.0.name": "get_joke",
              "gen_ai.completion.0.tool_calls.0.arguments": "{\"animal\":\"owl\"}",
              "gen_ai.usage.prompt_tokens": 15, "gen_ai.usage.completion_tokens": 20, "llm.usage.total_tokens": 35,
              "gen_ai.usage.cache_read_input_tokens": 0,
              "llm.request.functions.0.name": "get_joke", "llm.request.functions.0.parameters": j({"type": "object"}),
              "traceloop.association.properties.user_id": "u-77"},
              parent="4444444444444401", kind=3)]),
      {"4444444444444401": {
          "type": "chain", "name": "joke_workflow", "user": "u-77",
          "input": {"args": [], "kwargs": {"topic": "owls"}}, "output": "Why did the owl...",
          "metadata": {"threadId": "s-1", "tenant": "acme"},
          "mapping": {"type": "traceloop.span.kind=workflow", "input": "traceloop.entity.input"}},
       "4444444444444402": {
          "type": "llm", "name": "gpt-3.5-turbo", "parentSpanId": "4444444444444401", "user": "u-77",
          "input": [{"role": "user", "content": "Tell me a joke about owls"}],
          "output": {"role": "assistant", "content": None, "toolCalls": [
              {"id": "call_x", "type": "function", "function": {"name": "get_joke", "arguments": "{\"animal\":\"owl\"}"}}]},
          "promptTokens": 15, "completionTokens": 20, "cachedPromptTokens": 0,
          "params": {"temperature": 0.7, "tools": [{"type": "function", "function": {"name": "get_joke", "parameters": {"type": "object"}}}]},
          "mapping": {"type": "llm.request.type=chat", "tokens.completion": "gen_ai.usage.completion_tokens"}}})

# ---- Pydantic AI via Logfire (instrumentation version 1: `events` attribute) ----
write("pydantic-logfire", "Pydantic AI through Logfire: agent run, chat span with the events attribute, running tool",
      request([
          span("5555555555555501", "agent run", 0, 2500, {
              "agent_name": "city_agent", "model_name": "gpt-4.1", "logfire.msg": "city_agent run",
              "all_messages_events": j([{"event.name": "gen_ai.user.message", "content": "The windy city in the US of A.", "role": "user"},
                                        {"event.name": "gen_ai.assistant.message", "role": "assistant", "content": "Chicago"}]),
              "final_result": j({"city": "Chicago", "country": "United States"}),
              "gen_ai.usage.input_tokens": 60, "gen_ai.usage.output_tokens": 10}),
          span("5555555555555502", "chat gpt-4.1", 50, 2000, {
              "gen_ai.operation.name": "chat", "gen_ai.system": "openai", "gen_ai.request.model": "gpt-4.1",
              "model_request_parameters": j({"function_tools": [], "allow_text_output": False}),
              "gen_ai.request.temperature": 0.7,
              "events": j([{"event.name": "gen_ai.user.message", "content": "The windy city in the US of A.", "role": "user"},
                           {"event.name": "gen_ai.choice", "index": 0,
                            "message": {"role": "assistant", "tool_calls": [{"id": "call_1", "type": "function",
                                        "function": {"name": "final_result", "arguments": "{\"city\":\"Chicago\",\"country\":\"United States\"}"}}]}}]),
              "gen_ai.usage.input_tokens": 60, "gen_ai.usage.output_tokens": 10},
              parent="5555555555555501", kind=3),
          span("5555555555555503", "running tool", 2050, 2100, {
              "gen_ai.tool.name": "get_country", "gen_ai.tool.call.id": "call_2",
              "tool_arguments": j({"city": "Chicago"}), "tool_response": "United States"},
              parent="5555555555555501")],
          scope="pydantic-ai"),
      {"5555555555555501": {
          "type": "agent", "name": "city_agent",
          "input": [{"role": "user", "content": "The windy city in the US of A."},
                    {"role": "assistant", "content": "Chicago"}],
          "output": {"city": "Chicago", "country": "United States"},
          "metadata": {"model": "gpt-4.1", "logfire.msg": "city_agent run"},
          "mapping": {"type": "agent_name present", "input": "all_messages_events", "output": "final_result"}},
       "5555555555555502": {
          "type": "llm", "name": "gpt-4.1", "parentSpanId": "5555555555555501",
          "input": [{"role": "user", "content": "The windy city in the US of A."}],
          "output": {"role": "assistant", "content": None, "toolCalls": [
              {"id": "call_1", "type": "function", "function": {"name": "final_result",
                                                                 "arguments": "{\"city\":\"Chicago\",\"country\":\"United States\"}"}}]},
          "promptTokens": 60, "completionTokens": 10, "params": {"temperature": 0.7},
          "mapping": {"input": "events", "output": "events"}},
       "5555555555555503": {
          "type": "tool", "name": "get_country", "parentSpanId": "5555555555555501",
          "input": {"city": "Chicago"}, "output": "United States"}})

# ---- LangWatch TypeScript SDK spans ----
write("langwatch", "LangWatch SDK attributes: typed input/output, metrics, labels, user/thread as resource attributes, RAG contexts",
      request([
          span("6666666666666601", "answer", 0, 2000, {
              "langwatch.span.type": "llm", "gen_ai.request.model": "gpt-5",
              "langwatch.input": j({"type": "chat_messages", "value": [{"role": "user", "content": "Pets allowed?"}]}),
              "langwatch.output": j({"type": "text", "value": "Yes, in two hotels."}),
              "langwatch.metrics": j({"type": "json", "value": {"promptTokens": 210, "completionTokens": 9, "cost": 0.00031}}),
              "langwatch.params": j({"type": "json", "value": {"temperature": 0.2}}),
              "langwatch.thread.id": "th_7"}),
          span("6666666666666602", "search hotels", 100, 300, {
              "langwatch.span.type": "rag", "langwatch.input": j({"type": "text", "value": "pets"}),
              "langwatch.contexts": j({"type": "json", "value": [{"document_id": "doc-12", "content": "Pets welcome at Hotel A"}]})},
              parent="6666666666666601")],
          resource={"service.name": "hotel-bot", "langwatch.user.id": "u_42", "langwatch.labels": j(["beta"]),
                    "telemetry.sdk.name": "langwatch-observability-sdk"}),
      {"6666666666666601": {
          "type": "llm", "name": "gpt-5", "user": "u_42", "tags": ["beta"],
          "input": [{"role": "user", "content": "Pets allowed?"}], "output": "Yes, in two hotels.",
          "promptTokens": 210, "completionTokens": 9, "params": {"temperature": 0.2},
          "metadata": {"threadId": "th_7", "otel/usage/cost": 0.00031, "telemetry.sdk.name": "langwatch-observability-sdk"},
          "mapping": {"type": "langwatch.span.type=llm", "tokens.prompt": "langwatch.metrics.promptTokens",
                      "userId": "langwatch.user.id", "tags": "langwatch.labels"}},
       "6666666666666602": {
          "type": "retriever", "name": "search hotels", "parentSpanId": "6666666666666601", "input": "pets",
          "output": [{"document_id": "doc-12", "content": "Pets welcome at Hotel A"}]}})

# ---- Lunary's own attributes ----
write("lunary", "lunary.* attributes win over every convention: type, user and props, tags, thread, template",
      request([
          span("7777777777777701", "handle request", 0, 500, {
              "lunary.type": "agent", "lunary.name": "support-bot", "lunary.user.id": "cust-5",
              "lunary.user.props": j({"name": "Ada", "email": "ada@example.com"}), "lunary.tags": "vip",
              "lunary.thread.id": "t-100", "lunary.metadata.region": "eu", "gen_ai.operation.name": "chat"})]),
      {"7777777777777701": {
          "type": "agent", "name": "support-bot", "user": "cust-5", "tags": ["vip"],
          "metadata": {"threadId": "t-100", "region": "eu", "gen_ai.operation.name": "chat"},
          "mapping": {"type": "lunary.type=agent", "name": "lunary.name", "userProps": "lunary.user.props"}}})

# ---- Malformed and partial payloads next to a valid span ----
write("malformed", "Bad ids, zero ids, missing timestamps and a bad parent are rejected alone; valid spans beside them are stored",
      request([
          span("8888888888888801", "valid", 0, 100, {"gen_ai.operation.name": "execute_tool", "gen_ai.tool.name": "ok"}),
          span("88888888", "short span id", 0, 100, {}),
          span("zzzzzzzzzzzzzzzz", "not hex", 0, 100, {}),
          span("8888888888888804", "bad trace", 0, 100, {}, trace="1234"),
          span("8888888888888805", "zero trace", 0, 100, {}, trace="00000000000000000000000000000000"),
          {**span("8888888888888806", "no times", 0, 0, {}), "startTimeUnixNano": "0", "endTimeUnixNano": "0"},
          {**span("8888888888888807", "only end time", 0, 250, {}), "startTimeUnixNano": "0"},
          span("8888888888888808", "bad parent", 0, 100, {}, parent="xyz"),
          {**span("8888888888888809", "time not a number", 0, 100, {}), "startTimeUnixNano": "yesterday"}]),
      {"8888888888888801": {"type": "tool", "name": "ok", "status": "success", "duration": "00:00:00.1"},
       "8888888888888807": {"type": "chain", "name": "only end time", "duration": "00:00:00"}},
      rejected=7,
      problems=["spanId must be 16 hex characters", "traceId must be 32 hex characters",
                "startTimeUnixNano and endTimeUnixNano are missing", "parentSpanId must be empty",
                "7 span(s) rejected"])
print("fixtures written to", os.path.normpath(OUT))

# ---- Pydantic AI with instrumentation version 2+ (current GenAI names) ----
write("pydantic-ai-v2", "Pydantic AI >= 0.4 (instrumentation v2/v3): invoke_agent with pydantic_ai.all_messages, chat with gen_ai.input/output.messages, execute_tool with gen_ai.tool.call.*",
      request([
          span("9999999999999901", "invoke_agent city_agent", 0, 2000, {
              "gen_ai.operation.name": "invoke_agent", "gen_ai.agent.name": "city_agent", "agent_name": "city_agent",
              "model_name": "gpt-4.1",
              "pydantic_ai.all_messages": j([{"role": "user", "parts": [{"type": "text", "content": "Windy city?"}]},
                                             {"role": "assistant", "parts": [{"type": "text", "content": "Chicago"}]}]),
              "final_result": "Chicago", "gen_ai.usage.input_tokens": 30, "gen_ai.usage.output_tokens": 4}),
          span("9999999999999902", "chat gpt-4.1", 10, 1500, {
              "gen_ai.operation.name": "chat", "gen_ai.provider.name": "openai", "gen_ai.request.model": "gpt-4.1",
              "gen_ai.response.model": "gpt-4.1-2025-04-14",
              "gen_ai.system_instructions": j([{"type": "text", "content": "Answer with a city."}]),
              "gen_ai.input.messages": j([{"role": "user", "parts": [{"type": "text", "content": "Windy city?"}]}]),
              "gen_ai.output.messages": j([{"role": "assistant", "parts": [
                  {"type": "thinking", "content": "Chicago is nicknamed..."},
                  {"type": "tool_call", "id": "t1", "name": "lookup", "arguments": {"q": "windy"}}],
                  "finish_reason": "tool_call"}]),
              "gen_ai.usage.input_tokens": 20, "gen_ai.usage.output_tokens": 3,
              "gen_ai.usage.cache_read.input_tokens": 0},
              parent="9999999999999901", kind=3),
          span("9999999999999903", "execute_tool lookup", 1510, 1600, {
              "gen_ai.operation.name": "execute_tool", "gen_ai.tool.name": "lookup", "gen_ai.tool.call.id": "t1",
              "gen_ai.tool.call.arguments": j({"q": "windy"}), "gen_ai.tool.call.result": "Chicago"},
              parent="9999999999999901"),
          span("9999999999999904", "chat gpt-4.1", 1610, 1990, {
              "gen_ai.operation.name": "chat", "gen_ai.request.model": "gpt-4.1",
              "gen_ai.input.messages": j([{"role": "tool", "parts": [{"type": "tool_call_response", "id": "t1", "response": "Chicago"}]}]),
              "gen_ai.output.messages": j([{"role": "assistant", "parts": [{"type": "text", "content": "Chicago"}]}]),
              "gen_ai.usage.input_tokens": 10, "gen_ai.usage.output_tokens": 1},
              parent="9999999999999901", kind=3)],
          scope="pydantic-ai"),
      {"9999999999999901": {
          "type": "agent", "name": "city_agent",
          "input": [{"role": "user", "content": "Windy city?"}, {"role": "assistant", "content": "Chicago"}],
          "output": "Chicago", "promptTokens": 30,
          "mapping": {"type": "gen_ai.operation.name=invoke_agent", "name": "gen_ai.agent.name",
                      "input": "pydantic_ai.all_messages", "output": "final_result"}},
       "9999999999999902": {
          "type": "llm", "name": "gpt-4.1", "parentSpanId": "9999999999999901",
          "input": [{"role": "system", "content": "Answer with a city."}, {"role": "user", "content": "Windy city?"}],
          "output": {"role": "assistant", "content": None, "reasoning": "Chicago is nicknamed...", "toolCalls": [
              {"id": "t1", "type": "function", "function": {"name": "lookup", "arguments": "{\"q\":\"windy\"}"}}]},
          "promptTokens": 20, "completionTokens": 3, "cachedPromptTokens": 0,
          "metadata": {"provider": "openai", "gen_ai.response.model": "gpt-4.1-2025-04-14"}},
       "9999999999999903": {
          "type": "tool", "name": "lookup", "parentSpanId": "9999999999999901",
          "input": {"q": "windy"}, "output": "Chicago", "metadata": {"gen_ai.tool.call.id": "t1"}},
       "9999999999999904": {
          "type": "llm", "name": "gpt-4.1", "parentSpanId": "9999999999999901",
          "input": [{"role": "tool", "content": "Chicago", "toolCallId": "t1"}],
          "output": {"role": "assistant", "content": "Chicago"}}})

# ---- OpenLIT: prompt and completion as span events ----
write("openlit", "OpenLIT: gen_ai.content.prompt / gen_ai.content.completion events, older usage names, an embedding span",
      request([
          span("aaaaaaaaaaaaaa01", "chat gpt-4o-mini", 0, 900, {
              "gen_ai.operation.name": "chat", "gen_ai.system": "openai", "gen_ai.request.model": "gpt-4o-mini",
              "gen_ai.usage.input_tokens": 9, "gen_ai.usage.output_tokens": 5, "gen_ai.request.seed": 7,
              "gen_ai.request.stop_sequences": ["END"]},
              kind=3,
              events=[("gen_ai.content.prompt", 0, {"gen_ai.prompt": "user: What is LLM observability?"}),
                      ("gen_ai.content.completion", 900, {"gen_ai.completion": "Watching what models do."})]),
          span("aaaaaaaaaaaaaa02", "embeddings text-embedding-3-small", 1000, 1100, {
              "gen_ai.operation.name": "embeddings", "gen_ai.system": "openai",
              "gen_ai.request.model": "text-embedding-3-small", "gen_ai.usage.input_tokens": 6},
              kind=3)]),
      {"aaaaaaaaaaaaaa01": {
          "type": "llm", "name": "gpt-4o-mini",
          "input": [{"role": "user", "content": "user: What is LLM observability?"}],
          "output": {"role": "assistant", "content": "Watching what models do."},
          "params": {"seed": 7, "stop": ["END"]}, "promptTokens": 9, "completionTokens": 5,
          "mapping": {"input": "events gen_ai.content.prompt", "output": "events gen_ai.content.completion"}},
       "aaaaaaaaaaaaaa02": {"type": "embed", "name": "text-embedding-3-small", "promptTokens": 6}})
print("more fixtures written")
