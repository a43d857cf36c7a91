// Drives the official `lunary` JS SDK (pinned in package-lock.json) the way applications use it,
// against the server named by LUNARY_API_URL with the keys in LUNARY_PUBLIC_KEY /
// LUNARY_PRIVATE_KEY. Usage: node scenarios.mjs <scenario>
//
// It prints one line `SELENE_COMPAT_RESULT {...}` on stdout: the ids the SDK created, what the SDK
// returned, and every HTTP exchange the SDK made (method, path, status), so the JUnit side can
// assert through the REST API what the server stored. The SDK never reports ingestion failures
// (it drops a batch on a non-2xx answer), hence the exchange log.
import { randomUUID } from "node:crypto";
import lunary from "lunary";

const exchanges = [];
const realFetch = globalThis.fetch;
globalThis.fetch = async (url, init = {}) => {
  const response = await realFetch(url, init);
  const u = new URL(url);
  exchanges.push({ method: init.method ?? "GET", path: u.pathname + u.search, status: response.status });
  return response;
};

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

// lunary.flush() returns at once while a send is in flight (sdk-wire.md §2.3): loop until the
// queue is really empty.
async function drain(timeoutMs = 20000) {
  const deadline = Date.now() + timeoutMs;
  while (lunary.queue.length > 0 || lunary.queueRunning) {
    if (Date.now() > deadline) {
      throw new Error(`SDK queue not drained after ${timeoutMs} ms: ${lunary.queue.length} events left`);
    }
    await lunary.flush();
    await sleep(20);
  }
}

// The SDK's async calls that throw on HTTP errors: keep the message for the assertions.
async function attempt(fn) {
  try {
    return { ok: true, value: (await fn()) ?? null };
  } catch (e) {
    return { ok: false, error: String(e?.message ?? e) };
  }
}

// A model call that takes a little time, as real ones do (a run under 10 ms is priced as cached
// by the reference).
const fakeLatency = () => sleep(25);

const scenarios = {
  // wrapAgent -> wrapTool + wrapModel under .identify(): one trace of three runs with a user.
  async "agent-trace"() {
    const ids = {};
    const getWeather = lunary.wrapTool(
      async function getWeather(city) {
        return { city, temperature: 21 };
      },
      { name: "get-weather", tags: ["compat"] },
    );
    const model = lunary.wrapModel(
      async function fakeModel(messages) {
        await fakeLatency();
        return { role: "assistant", content: "It is sunny in Paris" };
      },
      {
        name: "gpt-4o-mini",
        params: { temperature: 0.1, max_tokens: 64 },
        metadata: { step: "answer" },
        tags: ["compat"],
        tokensUsageParser: async () => ({ prompt: 11, completion: 7 }),
      },
    );
    const agent = lunary.wrapAgent(
      async function WeatherAgent(question, style) {
        const toolCall = getWeather("Paris");
        ids.tool = toolCall.runId;
        const weather = await toolCall;
        const llmCall = model([
          { role: "user", content: question },
          { role: "tool", content: JSON.stringify(weather) },
        ]);
        ids.llm = llmCall.runId;
        const answer = await llmCall;
        return answer.content;
      },
      { name: "weather-agent", metadata: { suite: "compat" }, tags: ["compat", "agent"] },
    );
    const call = agent("What's the weather?", "short");
    ids.agent = call.runId;
    const output = await call.identify("user-123", { name: "Jane", email: "jane@example.org" });
    await drain();
    return { ids, output };
  },

  // trackEvent by hand: an llm start and end with tokens, then score() with the private key.
  async "manual-llm"() {
    const runId = randomUUID();
    lunary.trackEvent("llm", "start", {
      runId,
      name: "gpt-4o",
      input: [{ role: "user", content: "Hello" }],
      userId: "user-manual",
      userProps: { name: "Manual", plan_tier: "pro" },
      tags: ["compat", "manual"],
      metadata: { orgId: "org-1" },
      params: { temperature: 0.2, max_tokens: 50 },
    });
    await sleep(30);
    lunary.trackEvent("llm", "end", {
      runId,
      output: { role: "assistant", content: "Hi" },
      tokensUsage: { prompt: 12, completion: 5 },
    });
    await drain();
    const score = await attempt(() => lunary.score(runId, "accuracy", 0.9, "fine"));
    return { ids: { llm: runId }, score };
  },

  // A wrapped model that throws: an error run, sent at once by the SDK.
  async "llm-error"() {
    const failing = lunary.wrapModel(
      async function failModel(prompt) {
        await fakeLatency();
        throw new Error("Simulated LLM failure");
      },
      { name: "fail-model", tags: ["compat"] },
    );
    const call = failing("boom");
    const ids = { llm: call.runId };
    const thrown = await attempt(() => call);
    await drain();
    return { ids, thrown };
  },

  // A chat thread: two exchanges, a custom event, an LLM call parented to a user message with
  // setParent(), feedback on both answers, then the thumb of the second one removed.
  async thread() {
    const thread = lunary.openThread({ tags: ["support"], userId: "user-456", userProps: { name: "Bob" } });
    const ids = { thread: thread.id };
    ids.question1 = thread.trackMessage({ role: "user", content: "Hello thread" });
    ids.answer1 = thread.trackMessage({ role: "assistant", content: "Hi, how can I help?" });
    thread.trackEvent("open-document", { documentName: "doc.pdf" });
    lunary.trackFeedback(ids.answer1, { thumb: "up", comment: "great" });
    await drain();

    ids.question2 = thread.trackMessage({ role: "user", content: "Second question" });
    const model = lunary.wrapModel(
      async function answerModel(question) {
        await fakeLatency();
        return { role: "assistant", content: "Second answer" };
      },
      { name: "gpt-4o-mini", tokensUsageParser: async () => ({ prompt: 9, completion: 3 }) },
    );
    const call = model("Second question");
    ids.llm = call.runId;
    await call.setParent(ids.question2);
    ids.answer2 = thread.trackMessage({ role: "assistant", content: "Second answer" });
    lunary.trackFeedback(ids.answer2, { thumb: "down" });
    await drain();
    lunary.trackFeedback(ids.answer2, { thumb: null });
    await drain();

    const feedback1 = await attempt(() => lunary.getFeedback(ids.answer1));
    const feedback2 = await attempt(() => lunary.getFeedback(ids.answer2));
    return { ids, feedback1, feedback2 };
  },

  // Users: identify() with props, a later call with the userId only (props kept), a second user.
  async users() {
    const step = lunary.wrapChain(
      async function step(input) {
        return `done: ${input}`;
      },
      { name: "step", tags: ["compat", "users"] },
    );
    const ids = {};
    const a = step("first");
    ids.first = a.runId;
    await a.identify("user-a", { name: "Alice", email: "alice@example.org", plan_tier: "pro" });
    await sleep(5);
    const b = step("second");
    ids.second = b.runId;
    await b.identify("user-b", { name: "Bob", plan_tier: "free" });
    await sleep(5);
    ids.third = randomUUID();
    lunary.trackEvent("llm", "start", { runId: ids.third, name: "gpt-4o", input: "again", userId: "user-a" });
    lunary.trackEvent("llm", "end", { runId: ids.third, output: "ok", tokensUsage: { prompt: 3, completion: 1 } });
    await drain();
    return { ids };
  },

  // Only the public key, as a browser or a key-less backend would run: ingestion and reading
  // feedback work; score() is refused.
  async "public-key"() {
    const runId = randomUUID();
    lunary.trackEvent("llm", "start", { runId, name: "gpt-4o", input: "hi", tags: ["public"] });
    lunary.trackEvent("llm", "end", { runId, output: "hello", tokensUsage: { prompt: 2, completion: 1 } });
    lunary.trackFeedback(runId, { thumb: "up" });
    await drain();
    const feedback = await attempt(() => lunary.getFeedback(runId));
    const score = await attempt(() => lunary.score(runId, "accuracy", 1));
    return { ids: { llm: runId }, feedback, score };
  },

  // Templates created over REST by the test: renderTemplate fills the variables and hands back the
  // model parameters and the version id; an unknown slug throws the SDK's error.
  async templates() {
    const chat = await attempt(() =>
      lunary.renderTemplate("chat-tpl", { persona: "a pirate", name: "Ann" }),
    );
    const missing = await attempt(() => lunary.renderTemplate("missing-tpl", {}));
    return { ids: {}, chat, missing };
  },
};

const name = process.argv[2];
const scenario = scenarios[name];
if (!scenario) {
  console.error(`unknown scenario '${name}'; known: ${Object.keys(scenarios).join(", ")}`);
  process.exit(2);
}
try {
  const result = await scenario();
  console.log("SELENE_COMPAT_RESULT " + JSON.stringify({ ...result, exchanges }));
} catch (e) {
  console.error(e?.stack ?? String(e));
  console.log("SELENE_COMPAT_RESULT " + JSON.stringify({ failed: String(e?.message ?? e), exchanges }));
  process.exitCode = 1;
}
