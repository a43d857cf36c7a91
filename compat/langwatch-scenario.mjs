// Drives the official `langwatch` npm SDK (pinned in package-lock.json) the way applications use
// it, against the server named by LANGWATCH_ENDPOINT with LANGWATCH_API_KEY: an agent span with a
// RAG child and an LLM child through the SDK's LangWatchSpan helpers (type, input/output, RAG
// contexts, request model, metrics), user and thread as attributes, then a custom event posted to
// /api/track_event as LangWatch's docs do with curl. Usage: node langwatch-scenario.mjs
//
// Prints one line `SELENE_COMPAT_RESULT {...}`: the trace id and span ids the SDK created, and the
// track_event exchange. The SDK's OTLP exporter reports failures only to its diagnostics logger, so
// the JUnit side checks what was stored.
import { setupObservability } from "langwatch/observability/node";
import { getLangWatchTracer } from "langwatch";

const handle = setupObservability({ serviceName: "hotel-bot", langwatch: { processorType: "batch" } });
const tracer = getLangWatchTracer("selene-compat");
const ids = {};
await tracer.withActiveSpan("answer", async (agent) => {
  agent.setType("agent");
  agent.setInput("Which hotels allow pets?");
  agent.setAttribute("langwatch.user.id", "u_42");
  agent.setAttribute("langwatch.thread.id", "th_7");
  ids.trace = agent.spanContext().traceId;
  ids.agent = agent.spanContext().spanId;
  await tracer.withActiveSpan("search", async (rag) => {
    ids.rag = rag.spanContext().spanId;
    rag.setType("rag");
    rag.setInput("pets");
    rag.setRAGContexts([{ document_id: "doc-12", chunk_id: "1", content: "Pets welcome at Hotel A" }]);
  });
  await tracer.withActiveSpan("llm", async (llm) => {
    ids.llm = llm.spanContext().spanId;
    llm.setType("llm");
    llm.setRequestModel("gpt-4o");
    llm.setInput([{ role: "user", content: "Which hotels allow pets?" }]);
    llm.setOutput([{ role: "assistant", content: "Hotel A." }]);
    llm.setMetrics({ promptTokens: 12, completionTokens: 3 });
  });
  agent.setOutput("Hotel A.");
});
await handle.shutdown();

const tracked = await fetch(new URL("/api/track_event", process.env.LANGWATCH_ENDPOINT), {
  method: "POST",
  headers: { "X-Auth-Token": process.env.LANGWATCH_API_KEY, "Content-Type": "application/json" },
  body: JSON.stringify({ trace_id: ids.trace, event_type: "add_to_cart", metrics: { amount: 17.5 },
    event_details: { product_id: "sku_123" }, event_id: "evt-1", timestamp: Date.now() }),
});
const trackEvent = { status: tracked.status, body: await tracked.text() };
console.log("SELENE_COMPAT_RESULT " + JSON.stringify({ ids, trackEvent }));
