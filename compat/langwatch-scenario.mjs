// To join the compat suite: add "langwatch": "0.16.1" to compat/package.json (npm install to lock it)
// and a JUnit test that runs it with LANGWATCH_ENDPOINT=TestServer.baseUrl() and LANGWATCH_API_KEY
// = a project key, then asserts the runs (agent root, retriever and llm children, the custom event
// under the root). Checked by hand against the shaded jar: all four runs stored, user inherited,
// cost priced.
// Drives the official `langwatch` npm SDK (0.16.1) against the server named by LANGWATCH_ENDPOINT
// with LANGWATCH_API_KEY: an agent span with an LLM child and a RAG child through the SDK's
// LangWatchSpan helpers, then a custom event via track_event as the docs' curl does.
// Prints SELENE_COMPAT_RESULT {...} with the trace id and every HTTP exchange.
import { setupObservability } from "langwatch/observability/node";
import { getLangWatchTracer } from "langwatch";

const exchanges = [];
const realFetch = globalThis.fetch;
globalThis.fetch = async (url, init = {}) => {
  const response = await realFetch(url, init);
  exchanges.push({ method: init.method ?? "GET", path: new URL(url).pathname, status: response.status });
  return response;
};

const handle = setupObservability({ serviceName: "hotel-bot", langwatch: { processorType: "batch" } });
const tracer = getLangWatchTracer("selene-compat");
let traceId;
await tracer.withActiveSpan("answer", async (agent) => {
  agent.setType("agent");
  agent.setInput("Which hotels allow pets?");
  agent.setAttribute("langwatch.user.id", "u_42");
  agent.setAttribute("langwatch.thread.id", "th_7");
  traceId = agent.spanContext().traceId;
  await tracer.withActiveSpan("search", async (rag) => {
    rag.setType("rag");
    rag.setInput("pets");
    rag.setRAGContexts([{ document_id: "doc-12", chunk_id: "1", content: "Pets welcome at Hotel A" }]);
  });
  await tracer.withActiveSpan("llm", async (llm) => {
    llm.setType("llm");
    llm.setRequestModel("gpt-4o");
    llm.setInput([{ role: "user", content: "Which hotels allow pets?" }]);
    llm.setOutput([{ role: "assistant", content: "Hotel A." }]);
    llm.setMetrics({ promptTokens: 12, completionTokens: 3 });
  });
  agent.setOutput("Hotel A.");
});
await handle.shutdown();

const endpoint = process.env.LANGWATCH_ENDPOINT;
const tracked = await realFetch(new URL("/api/track_event", endpoint), {
  method: "POST",
  headers: { "X-Auth-Token": process.env.LANGWATCH_API_KEY, "Content-Type": "application/json" },
  body: JSON.stringify({ trace_id: traceId, event_type: "add_to_cart", metrics: { amount: 17.5 },
    event_details: { product_id: "sku_123" }, event_id: "evt-1", timestamp: Date.now() }),
});
exchanges.push({ method: "POST", path: "/api/track_event", status: tracked.status, body: await tracked.text() });
console.log("SELENE_COMPAT_RESULT " + JSON.stringify({ traceId, exchanges }));
