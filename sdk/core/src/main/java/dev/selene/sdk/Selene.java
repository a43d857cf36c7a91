package dev.selene.sdk;

import java.lang.System.Logger.Level;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

/**
 * The Selene SDK: tracks what a Java LLM application does (agents, chains, tools, LLM calls, chat
 * threads, users, feedback) and sends it to Selene or any Lunary-compatible server.
 *
 * <pre>{@code
 * Selene selene = Selene.fromEnvironment(); // LUNARY_API_URL, LUNARY_PUBLIC_KEY…
 *
 * String answer = selene.agent("support-agent", question, run -> {
 *   String weather = selene.tool("get-weather", "Paris", r -> weatherApi.today("Paris"));
 *   return model.answer(question, weather);
 * });
 * }</pre>
 *
 * <p>Tracking never blocks the calling thread and never throws: events go to an in-memory queue
 * that a background daemon thread sends in batches. Without a key the SDK does nothing (it says so
 * once). Create one instance per application and share it; it is thread-safe.
 */
public final class Selene implements AutoCloseable {
  static final String VERSION = "0.1.0";
  static final String USER_AGENT = "selene-java/" + VERSION;

  private static final System.Logger LOG = System.getLogger("dev.selene.sdk");
  private static volatile Selene global;

  private final SeleneConfig config;
  private final Transport transport;
  private final Templates templates;
  private final RunsApi runsApi;
  private final Thread shutdownHook;
  private final AtomicBoolean internalErrorLogged = new AtomicBoolean();
  private volatile boolean optedOut;
  private volatile boolean closed;

  private Selene(SeleneConfig config) {
    this.config = config;
    HttpClient.Builder httpBuilder =
        HttpClient.newBuilder()
            .connectTimeout(config.requestTimeout())
            .followRedirects(HttpClient.Redirect.NORMAL);
    if (!config.sslVerify()) {
      httpBuilder.sslContext(Tls.trustingEveryCertificate());
    }
    HttpClient http = httpBuilder.build();
    this.templates = new Templates(config, http);
    this.runsApi = new RunsApi(config, http);
    if (!config.enabled()) {
      LOG.log(
          Level.WARNING,
          "Selene SDK: no API key configured (set LUNARY_PUBLIC_KEY or LUNARY_PRIVATE_KEY, or"
              + " their SELENE_* equivalents): tracking is disabled");
      this.transport = null;
      this.shutdownHook = null;
      return;
    }
    this.transport = new Transport(config, http);
    if (config.shutdownHook()) {
      this.shutdownHook = new Thread(() -> transport.close(config.shutdownTimeout()));
      this.shutdownHook.setName("selene-sdk-shutdown");
      Runtime.getRuntime().addShutdownHook(shutdownHook);
    } else {
      this.shutdownHook = null;
    }
    if (config.verbose()) {
      LOG.log(Level.INFO, "Selene SDK: started with " + config);
    }
  }

  /** A client with these settings. */
  public static Selene create(SeleneConfig config) {
    return new Selene(config);
  }

  /** A client configured from the environment ({@link SeleneConfig#fromEnvironment()}). */
  public static Selene fromEnvironment() {
    return new Selene(SeleneConfig.fromEnvironment());
  }

  /**
   * The process-wide client that integrations use when none is given: the one set with {@link
   * #setGlobal(Selene)}, else one configured from the environment on first use.
   */
  public static Selene global() {
    Selene g = global;
    if (g == null) {
      synchronized (Selene.class) {
        g = global;
        if (g == null) {
          g = fromEnvironment();
          global = g;
        }
      }
    }
    return g;
  }

  /** Makes {@code selene} the client returned by {@link #global()}. */
  public static void setGlobal(Selene selene) {
    global = selene;
  }

  /** A new run id: a time-ordered random UUID (version 7) string. */
  public static String newRunId() {
    return RunIds.next();
  }

  public SeleneConfig config() {
    return config;
  }

  /** Whether events are captured: a key is configured, and neither opted out nor closed. */
  public boolean isEnabled() {
    return transport != null && !optedOut && !closed;
  }

  // ------------------------------------------------------------------ wrapping

  /**
   * Describes a run of any type; start it with {@link RunBuilder#call} or {@link RunBuilder#start}.
   */
  public RunBuilder run(RunType type, String name) {
    return new RunBuilder(this, type.wireName(), name);
  }

  public RunBuilder agent(String name) {
    return run(RunType.AGENT, name);
  }

  public RunBuilder chain(String name) {
    return run(RunType.CHAIN, name);
  }

  public RunBuilder tool(String name) {
    return run(RunType.TOOL, name);
  }

  /** An LLM call; {@code model} is the run's name (used for pricing). */
  public RunBuilder llm(String model) {
    return run(RunType.LLM, model);
  }

  public RunBuilder embed(String model) {
    return run(RunType.EMBED, model);
  }

  public RunBuilder retriever(String name) {
    return run(RunType.RETRIEVER, name);
  }

  /** Runs {@code body} as the agent {@code name} with this input (see {@link RunBuilder#call}). */
  public <T, E extends Throwable> T agent(String name, Object input, RunBody<T, E> body) throws E {
    return agent(name).input(input).call(body);
  }

  /** Runs {@code body} as the chain {@code name} with this input. */
  public <T, E extends Throwable> T chain(String name, Object input, RunBody<T, E> body) throws E {
    return chain(name).input(input).call(body);
  }

  /** Runs {@code body} as the tool {@code name} with this input. */
  public <T, E extends Throwable> T tool(String name, Object input, RunBody<T, E> body) throws E {
    return tool(name).input(input).call(body);
  }

  /** Runs {@code body} as a call to the model {@code model} with these messages. */
  public <T, E extends Throwable> T llm(String model, Object input, RunBody<T, E> body) throws E {
    return llm(model).input(input).call(body);
  }

  /** {@code fn} as a tracked run of this type: each call is one run, its argument the input. */
  public <I, O> Function<I, O> wrap(RunType type, String name, Function<I, O> fn) {
    return input -> run(type, name).input(input).call(run -> fn.apply(input));
  }

  /**
   * {@code fn} as a tracked run whose recorded input and output are {@code inputParser(argument)}
   * and {@code outputParser(result)} (the Python SDK's {@code wrap(input_parser=…,
   * output_parser=…)}); {@code fn} itself receives and returns the real values. A parser that
   * throws is reported to the error handler and the value is recorded unparsed.
   */
  public <I, O> Function<I, O> wrap(
      RunType type,
      String name,
      Function<I, O> fn,
      Function<? super I, ?> inputParser,
      Function<? super O, ?> outputParser) {
    return input ->
        run(type, name)
            .input(parsed(inputParser, input))
            .outputParser(result -> parsed(outputParser, uncheckedCast(result)))
            .call(run -> fn.apply(input));
  }

  @SuppressWarnings("unchecked")
  private static <O> O uncheckedCast(Object result) {
    return (O) result; // the result of fn, typed O by construction in wrap
  }

  /** {@code parser(value)}, or {@code value} itself when there is no parser or it fails. */
  <V> Object parsed(Function<? super V, ?> parser, V value) {
    if (parser == null) {
      return value;
    }
    try {
      return parser.apply(value);
    } catch (Throwable t) {
      internalError(t);
      return value;
    }
  }

  /** {@code fn} as a tracked agent: each call is one run (the JS SDK's {@code wrapAgent}). */
  public <I, O> Function<I, O> wrapAgent(String name, Function<I, O> fn) {
    return wrap(RunType.AGENT, name, fn);
  }

  public <I, O> Function<I, O> wrapChain(String name, Function<I, O> fn) {
    return wrap(RunType.CHAIN, name, fn);
  }

  public <I, O> Function<I, O> wrapTool(String name, Function<I, O> fn) {
    return wrap(RunType.TOOL, name, fn);
  }

  Run startRun(RunBuilder b, boolean makeCurrent) {
    SeleneContext ctx = SeleneContext.current();
    String id = b.id() != null ? b.id() : newRunId();
    String parent = b.parentRunId() != null ? b.parentRunId() : ctx.parentRunId();
    if (id.equals(parent)) {
      parent = null;
    }
    String userId = b.userId() != null ? b.userId() : ctx.userId();
    Map<String, ?> userProps = b.userId() != null ? b.userProps() : ctx.userProps();
    SeleneContext child = ctx.withParent(id);
    if (b.userId() != null) {
      child = child.withUser(userId, userProps);
    }
    if (isEnabled()) {
      Event e = new Event(b.type(), "start").runId(id);
      e.parentRunId = parent;
      e.name = b.name();
      e.input = b.input();
      e.params = b.params();
      e.metadata = b.metadata();
      e.tags = mergeTags(ctx.tags(), b.tags());
      e.userId = userId;
      e.userProps = userProps;
      e.templateId =
          b.templateId() != null
              ? b.templateId()
              : (RunType.LLM.wireName().equals(b.type()) ? ctx.templateId() : null);
      enqueueResolved(e);
    }
    return new Run(this, id, b.type(), b.name(), parent, userId, userProps, child, makeCurrent);
  }

  private static List<String> mergeTags(List<String> context, List<String> own) {
    if (own == null || own.isEmpty()) {
      return context.isEmpty() ? null : context;
    }
    if (context.isEmpty()) {
      return own;
    }
    LinkedHashSet<String> all = new LinkedHashSet<>(context);
    all.addAll(own);
    return new ArrayList<>(all);
  }

  // ------------------------------------------------------------------ context scopes

  /**
   * Identifies the end user of every run and message tracked on this thread until the scope is
   * closed, children included (Python's {@code with lunary.identify(...)}).
   */
  public Scope identify(String userId, Map<String, ?> userProps) {
    return SeleneContext.current().withUser(userId, userProps).makeCurrent();
  }

  public Scope identify(String userId) {
    return identify(userId, null);
  }

  /** Adds tags to every run started on this thread until the scope is closed. */
  public Scope tags(String... tags) {
    return SeleneContext.current().withTags(Arrays.asList(tags)).makeCurrent();
  }

  /**
   * Makes {@code runId} the parent of runs started on this thread until the scope is closed: to
   * attach an agent or LLM call to the thread message it answers, or to a run of another service.
   */
  public Scope parent(String runId) {
    return SeleneContext.current().withParent(runId).makeCurrent();
  }

  // ------------------------------------------------------------------ manual tracking

  /**
   * Tracks one event as given; missing values come from the current context: the user on every
   * event, and on start events the parent run, the context's tags and the template id.
   */
  public void track(Event event) {
    if (!isEnabled() || event == null) {
      return;
    }
    try {
      SeleneContext ctx = SeleneContext.current();
      if (event.userId == null && ctx.userId() != null && !"feedback".equals(event.event)) {
        event.userId = ctx.userId();
        if (event.userProps == null) {
          event.userProps = ctx.userProps();
        }
      }
      if ("start".equals(event.event)) {
        if (event.parentRunId == null
            && ctx.parentRunId() != null
            && !ctx.parentRunId().equals(event.runId)) {
          event.parentRunId = ctx.parentRunId();
        }
        event.tags = mergeTags(ctx.tags(), event.tags);
        if (event.templateId == null && RunType.LLM.wireName().equals(event.type)) {
          event.templateId = ctx.templateId();
        }
      }
      enqueueResolved(event);
    } catch (Throwable t) {
      internalError(t);
    }
  }

  void enqueueResolved(Event event) {
    if (!isEnabled()) {
      return;
    }
    try {
      if (event.timestamp == null) {
        event.timestampMicros = Clock.nowMicros();
      }
      transport.enqueue(event);
      if (config.verbose()) {
        LOG.log(
            Level.INFO,
            "Selene SDK: tracked {0} {1} {2}",
            event.type,
            event.event,
            event.runId == null ? "" : event.runId);
      }
    } catch (Throwable t) {
      internalError(t);
    }
  }

  private void internalError(Throwable t) {
    if (internalErrorLogged.compareAndSet(false, true)) {
      LOG.log(Level.WARNING, "Selene SDK: internal error while tracking (reported once)", t);
    }
    Errors.report(config, new SeleneException("Internal error while tracking: " + t, 0, t));
  }

  // ------------------------------------------------------------------ logs

  /**
   * Logs an informational message into the trace: stored as a {@code log} run named {@code info}
   * under the current run (or the run of the current {@link #parent(String)} scope), like the JS
   * SDK's {@code lunary.info(message, extra)}.
   */
  public void info(String message) {
    logEvent("info", message, null);
  }

  /** Logs an informational message with extra data (a JSON object, stored as the log's params). */
  public void info(String message, Map<String, ?> extra) {
    logEvent("info", message, extra);
  }

  /** The same as {@link #info(String, Map)} (the JS SDK's {@code lunary.log}). */
  public void log(String message, Map<String, ?> extra) {
    logEvent("info", message, extra);
  }

  /** Logs a warning into the trace: a {@code log} run named {@code warn}. */
  public void warn(String message) {
    logEvent("warn", message, null);
  }

  /** Logs a warning with extra data. */
  public void warn(String message, Map<String, ?> extra) {
    logEvent("warn", message, extra);
  }

  /**
   * Logs an error into the trace: a failed {@code log} run named {@code error}. It does not end or
   * fail the current run.
   */
  public void error(String message) {
    logEvent("error", message, null);
  }

  /**
   * Logs an error with its exception, sent as {@code extra: {message, stack}} as the JS SDK's
   * {@code lunary.error(message, error)} does. It does not end or fail the current run.
   */
  public void error(String message, Throwable error) {
    logEvent("error", message, error);
  }

  private void logEvent(String level, String message, Object extra) {
    if (!isEnabled()) {
      return;
    }
    Event e = new Event("log", level);
    e.message = message;
    e.extra = extra;
    e.parentRunId = SeleneContext.current().parentRunId();
    track(e);
  }

  // ------------------------------------------------------------------ threads

  /** Opens a new conversation thread (nothing is sent until a message is tracked). */
  public ChatThread openThread() {
    return thread().open();
  }

  /** Resumes the conversation thread with this id. */
  public ChatThread openThread(String id) {
    return thread().id(id).open();
  }

  /** Describes a thread to open or resume, with its tags and user. */
  public ChatThread.Builder thread() {
    return new ChatThread.Builder(this);
  }

  // ------------------------------------------------------------------ feedback

  /** Merges {@code feedback} into the feedback of a run or message (its id). */
  public void trackFeedback(String runId, Map<String, ?> feedback) {
    trackFeedback(runId, feedback, false);
  }

  /**
   * Sends feedback on a run or message. {@code overwrite} replaces the stored feedback instead of
   * merging into it; a null {@code feedback} removes it.
   */
  public void trackFeedback(String runId, Map<String, ?> feedback, boolean overwrite) {
    if (runId == null) {
      return;
    }
    // Removing is replacing with nothing: {} with overwrite (a null feedback is ignored by servers)
    Event e =
        new Event(null, "feedback").runId(runId).feedback(feedback == null ? Map.of() : feedback);
    e.overwrite = feedback == null || overwrite;
    track(e);
  }

  public void trackFeedback(String runId, Feedback feedback) {
    trackFeedback(runId, feedback == null ? null : feedback.toMap(), false);
  }

  /** Removes the feedback stored on a run or message. */
  public void removeFeedback(String runId) {
    trackFeedback(runId, null, true);
  }

  /**
   * The feedback stored on a run or message, read from the server ({@code GET
   * /v1/runs/{id}/feedback}); null when it has none.
   *
   * @throws SeleneException when it cannot be read (unknown run, no key, server unreachable)
   */
  public Map<String, Object> getFeedback(String runId) {
    return runsApi.feedback(runId);
  }

  /**
   * Scores a run ({@code PATCH /v1/runs/{id}/score}), e.g. {@code score(id, "accuracy", 0.9,
   * "checked by hand")}. Sent at once, unlike tracking; needs the private key on servers that
   * refuse the public one.
   *
   * @param value a number, string or boolean
   * @param comment optional
   * @throws SeleneException when the server refuses it or cannot be reached
   */
  public void score(String runId, String label, Object value, String comment) {
    runsApi.score(runId, label, value, comment);
  }

  // ------------------------------------------------------------------ templates

  /**
   * The latest version of the template {@code slug}, fetched from the server (and then reused for
   * {@link SeleneConfig#templateCacheTtl()}).
   *
   * @throws SeleneException when it cannot be fetched (unknown slug, no key, server unreachable)
   */
  public Template template(String slug) {
    return templates.fetch(slug);
  }

  /**
   * The template {@code slug} with its {@code {{variables}}} filled in: messages or text, model
   * parameters and the template version id.
   *
   * @throws SeleneException when it cannot be fetched
   */
  public RenderedTemplate renderTemplate(String slug, Map<String, ?> variables) {
    return Templates.render(templates.fetch(slug), variables);
  }

  /**
   * The latest version of every template of the project ({@code GET /v1/templates/latest}, the
   * Python SDK's {@code get_live_templates}), newest template first. Not cached. Selene, like
   * Lunary, wants the private key for this list.
   *
   * @throws SeleneException when it cannot be fetched
   */
  public List<Template> liveTemplates() {
    return templates.latestOfEach();
  }

  // ------------------------------------------------------------------ lifecycle

  /**
   * Sends everything tracked so far and waits until it is sent, at most {@link
   * SeleneConfig#shutdownTimeout()}. Call it at the end of a serverless function.
   *
   * @return whether everything was sent (or given up) in time
   */
  public boolean flush() {
    return flush(config.shutdownTimeout());
  }

  /** Sends everything tracked so far and waits until it is sent, at most {@code timeout}. */
  public boolean flush(Duration timeout) {
    if (transport == null) {
      return true;
    }
    try {
      return transport.flush(timeout);
    } catch (Throwable t) {
      internalError(t);
      return false;
    }
  }

  /**
   * Stops all capture for good (GDPR opt-out): nothing more is tracked, and events still queued are
   * discarded.
   */
  public void optOut() {
    optedOut = true;
    if (transport != null) {
      transport.discardQueued();
    }
  }

  public boolean optedOut() {
    return optedOut;
  }

  /** Counters of sent, dropped, failed and queued events. */
  public SeleneStats stats() {
    return transport == null ? new SeleneStats(0, 0, 0, 0, 0, 0) : transport.stats();
  }

  /** Flushes (at most {@link SeleneConfig#shutdownTimeout()}) and stops the background thread. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    if (transport != null) {
      transport.close(config.shutdownTimeout());
    }
    closed = true;
    if (shutdownHook != null) {
      try {
        Runtime.getRuntime().removeShutdownHook(shutdownHook);
      } catch (IllegalStateException alreadyShuttingDown) {
        // the hook is running or has run
      }
    }
  }
}
