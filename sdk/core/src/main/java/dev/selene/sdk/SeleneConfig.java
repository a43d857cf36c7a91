package dev.selene.sdk;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The SDK's settings: immutable, built with {@link #builder()} or read from the environment with
 * {@link #fromEnvironment()}.
 *
 * <p>Environment variables (the {@code SELENE_*} name wins over the {@code LUNARY_*} one):
 *
 * <table>
 *   <caption>Variables</caption>
 *   <tr><td>{@code SELENE_API_URL} / {@code LUNARY_API_URL} (or {@code LLMONITOR_API_URL})</td><td>server URL, default
 *       {@code https://api.lunary.ai}</td></tr>
 *   <tr><td>{@code SELENE_PRIVATE_KEY} / {@code LUNARY_PRIVATE_KEY}</td><td>private key (used in
 *       preference to the public key, as the other SDKs do)</td></tr>
 *   <tr><td>{@code SELENE_PUBLIC_KEY} / {@code LUNARY_PUBLIC_KEY}</td><td>public key (also read
 *       from the older {@code LUNARY_APP_ID} and {@code LLMONITOR_APP_ID})</td></tr>
 *   <tr><td>{@code SELENE_VERBOSE} / {@code LUNARY_VERBOSE}</td><td>{@code true}: log every event
 *       and request (never their content)</td></tr>
 *   <tr><td>{@code SELENE_DISABLE_SSL_VERIFY} / {@code DISABLE_SSL_VERIFY}</td><td>{@code true}:
 *       accept any TLS certificate (a self-hosted server with a self-signed one)</td></tr>
 * </table>
 */
public final class SeleneConfig {
  /** Lunary's cloud, the default of the other SDKs. */
  public static final String DEFAULT_API_URL = "https://api.lunary.ai";

  private final String apiUrl;
  private final String publicKey;
  private final String privateKey;
  private final boolean verbose;
  private final String runtime;
  private final int queueCapacity;
  private final int maxBatchSize;
  private final Duration flushInterval;
  private final int maxRetries;
  private final Duration initialBackoff;
  private final Duration maxBackoff;
  private final Duration requestTimeout;
  private final Duration shutdownTimeout;
  private final boolean shutdownHook;
  private final Duration templateCacheTtl;
  private final Function<Object, Object> valueMapper;
  private final boolean sslVerify;
  private final Consumer<SeleneException> errorHandler;

  private SeleneConfig(Builder b) {
    this.apiUrl = stripTrailingSlash(b.apiUrl == null ? DEFAULT_API_URL : b.apiUrl);
    this.publicKey = blankToNull(b.publicKey);
    this.privateKey = blankToNull(b.privateKey);
    this.verbose = b.verbose;
    this.runtime = b.runtime;
    this.queueCapacity = positive("queueCapacity", b.queueCapacity);
    this.maxBatchSize = positive("maxBatchSize", b.maxBatchSize);
    this.flushInterval = positive("flushInterval", b.flushInterval);
    if (b.maxRetries < 0) {
      throw new IllegalArgumentException("maxRetries must be >= 0, was " + b.maxRetries);
    }
    this.maxRetries = b.maxRetries;
    this.initialBackoff = positive("initialBackoff", b.initialBackoff);
    this.maxBackoff = positive("maxBackoff", b.maxBackoff);
    this.requestTimeout = positive("requestTimeout", b.requestTimeout);
    this.shutdownTimeout = positive("shutdownTimeout", b.shutdownTimeout);
    this.shutdownHook = b.shutdownHook;
    this.templateCacheTtl = Objects.requireNonNull(b.templateCacheTtl, "templateCacheTtl");
    this.valueMapper = b.valueMapper;
    this.sslVerify = b.sslVerify;
    this.errorHandler = b.errorHandler;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Settings from the process environment (see the class comment for the variables). */
  public static SeleneConfig fromEnvironment() {
    return fromEnvironment(System.getenv());
  }

  /** Settings from the given variables, as {@link #fromEnvironment()} reads the real ones. */
  public static SeleneConfig fromEnvironment(Map<String, String> env) {
    return builder().environment(env).build();
  }

  /** A builder holding these settings, to change some of them. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.apiUrl = apiUrl;
    b.publicKey = publicKey;
    b.privateKey = privateKey;
    b.verbose = verbose;
    b.runtime = runtime;
    b.queueCapacity = queueCapacity;
    b.maxBatchSize = maxBatchSize;
    b.flushInterval = flushInterval;
    b.maxRetries = maxRetries;
    b.initialBackoff = initialBackoff;
    b.maxBackoff = maxBackoff;
    b.requestTimeout = requestTimeout;
    b.shutdownTimeout = shutdownTimeout;
    b.shutdownHook = shutdownHook;
    b.templateCacheTtl = templateCacheTtl;
    b.valueMapper = valueMapper;
    b.sslVerify = sslVerify;
    b.errorHandler = errorHandler;
    return b;
  }

  /** Base URL of the server, without a trailing slash (requests go to {@code {apiUrl}/v1/...}). */
  public String apiUrl() {
    return apiUrl;
  }

  public String publicKey() {
    return publicKey;
  }

  public String privateKey() {
    return privateKey;
  }

  /** The key sent with every request: the private key if there is one, else the public key. */
  public String key() {
    return privateKey != null ? privateKey : publicKey;
  }

  /** Whether a key is configured; without one the SDK does nothing. */
  public boolean enabled() {
    return key() != null;
  }

  public boolean verbose() {
    return verbose;
  }

  /** The {@code runtime} field of every event. */
  public String runtime() {
    return runtime;
  }

  /** Events held in memory at most; past it the oldest are dropped (and counted). */
  public int queueCapacity() {
    return queueCapacity;
  }

  /** Events sent in one request at most. */
  public int maxBatchSize() {
    return maxBatchSize;
  }

  /** How long an event may wait for a batch to fill before it is sent. */
  public Duration flushInterval() {
    return flushInterval;
  }

  /** Resends of a batch after a network error, 429 or 5xx, before it is given up. */
  public int maxRetries() {
    return maxRetries;
  }

  public Duration initialBackoff() {
    return initialBackoff;
  }

  public Duration maxBackoff() {
    return maxBackoff;
  }

  /** Time limit of one HTTP request (connect and response). */
  public Duration requestTimeout() {
    return requestTimeout;
  }

  /** How long the shutdown hook and {@link Selene#close()} wait for queued events to be sent. */
  public Duration shutdownTimeout() {
    return shutdownTimeout;
  }

  /** Whether a JVM shutdown hook flushes the queue. */
  public boolean shutdownHook() {
    return shutdownHook;
  }

  /** How long a fetched template is reused before it is fetched again. */
  public Duration templateCacheTtl() {
    return templateCacheTtl;
  }

  /** Converts application objects the SDK does not know into JSON-able values, or null. */
  public Function<Object, Object> valueMapper() {
    return valueMapper;
  }

  /**
   * Whether the server's TLS certificate is checked (default). Off only for a self-hosted server
   * with a self-signed certificate, as Python's {@code DISABLE_SSL_VERIFY}.
   */
  public boolean sslVerify() {
    return sslVerify;
  }

  /** Told about tracking failures (see {@link Builder#errorHandler}), or null. */
  public Consumer<SeleneException> errorHandler() {
    return errorHandler;
  }

  @Override
  public String toString() {
    return "SeleneConfig{apiUrl="
        + apiUrl
        + ", key="
        + (key() == null ? "none" : mask(key()))
        + ", verbose="
        + verbose
        + ", queueCapacity="
        + queueCapacity
        + ", maxBatchSize="
        + maxBatchSize
        + ", flushInterval="
        + flushInterval
        + ", maxRetries="
        + maxRetries
        + (sslVerify ? "" : ", sslVerify=false")
        + "}";
  }

  private static String mask(String key) {
    return key.length() <= 4 ? "****" : key.substring(0, 4) + "****";
  }

  private static String stripTrailingSlash(String url) {
    String u = url.trim();
    while (u.endsWith("/")) {
      u = u.substring(0, u.length() - 1);
    }
    return u;
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.trim();
  }

  private static int positive(String name, int value) {
    if (value <= 0) {
      throw new IllegalArgumentException(name + " must be > 0, was " + value);
    }
    return value;
  }

  private static Duration positive(String name, Duration value) {
    Objects.requireNonNull(value, name);
    if (value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException(name + " must be > 0, was " + value);
    }
    return value;
  }

  /** Builds a {@link SeleneConfig}; every setting has a default. */
  public static final class Builder {
    private String apiUrl;
    private String publicKey;
    private String privateKey;
    private boolean verbose;
    private String runtime = "selene-java";
    private int queueCapacity = 10_000;
    private int maxBatchSize = 200;
    private Duration flushInterval = Duration.ofMillis(500);
    private int maxRetries = 10;
    private Duration initialBackoff = Duration.ofMillis(250);
    private Duration maxBackoff = Duration.ofSeconds(30);
    private Duration requestTimeout = Duration.ofSeconds(10);
    private Duration shutdownTimeout = Duration.ofSeconds(5);
    private boolean shutdownHook = true;
    private Duration templateCacheTtl = Duration.ofSeconds(60);
    private Function<Object, Object> valueMapper;
    private boolean sslVerify = true;
    private Consumer<SeleneException> errorHandler;

    private Builder() {}

    /** Takes the URL, keys and verbosity from these environment variables where set. */
    public Builder environment(Map<String, String> env) {
      String url = first(env, "SELENE_API_URL", "LUNARY_API_URL", "LLMONITOR_API_URL");
      if (url != null) apiUrl = url;
      // the project key's older names, read by the JS SDK (and LUNARY_APP_ID by Python's)
      String pub =
          first(env, "SELENE_PUBLIC_KEY", "LUNARY_PUBLIC_KEY", "LUNARY_APP_ID", "LLMONITOR_APP_ID");
      if (pub != null) publicKey = pub;
      String priv = first(env, "SELENE_PRIVATE_KEY", "LUNARY_PRIVATE_KEY");
      if (priv != null) privateKey = priv;
      String v = first(env, "SELENE_VERBOSE", "LUNARY_VERBOSE");
      if (v != null) verbose = v.trim().toLowerCase(Locale.ROOT).equals("true");
      String noSsl = first(env, "SELENE_DISABLE_SSL_VERIFY", "DISABLE_SSL_VERIFY");
      if (noSsl != null) sslVerify = !noSsl.trim().toLowerCase(Locale.ROOT).equals("true");
      return this;
    }

    private static String first(Map<String, String> env, String... names) {
      for (String n : names) {
        String v = env.get(n);
        if (v != null && !v.isBlank()) return v;
      }
      return null;
    }

    public Builder apiUrl(String apiUrl) {
      this.apiUrl = apiUrl;
      return this;
    }

    public Builder publicKey(String publicKey) {
      this.publicKey = publicKey;
      return this;
    }

    /**
     * The project key under the other SDKs' older name ({@code appId}, {@code LUNARY_APP_ID}): the
     * same as {@link #publicKey(String)}.
     */
    public Builder appId(String appId) {
      return publicKey(appId);
    }

    public Builder privateKey(String privateKey) {
      this.privateKey = privateKey;
      return this;
    }

    public Builder verbose(boolean verbose) {
      this.verbose = verbose;
      return this;
    }

    public Builder runtime(String runtime) {
      this.runtime = runtime;
      return this;
    }

    public Builder queueCapacity(int queueCapacity) {
      this.queueCapacity = queueCapacity;
      return this;
    }

    public Builder maxBatchSize(int maxBatchSize) {
      this.maxBatchSize = maxBatchSize;
      return this;
    }

    public Builder flushInterval(Duration flushInterval) {
      this.flushInterval = flushInterval;
      return this;
    }

    public Builder maxRetries(int maxRetries) {
      this.maxRetries = maxRetries;
      return this;
    }

    /** First wait before a resend; it doubles (with jitter) up to {@link #maxBackoff}. */
    public Builder initialBackoff(Duration initialBackoff) {
      this.initialBackoff = initialBackoff;
      return this;
    }

    public Builder maxBackoff(Duration maxBackoff) {
      this.maxBackoff = maxBackoff;
      return this;
    }

    public Builder requestTimeout(Duration requestTimeout) {
      this.requestTimeout = requestTimeout;
      return this;
    }

    public Builder shutdownTimeout(Duration shutdownTimeout) {
      this.shutdownTimeout = shutdownTimeout;
      return this;
    }

    public Builder shutdownHook(boolean shutdownHook) {
      this.shutdownHook = shutdownHook;
      return this;
    }

    /** {@link Duration#ZERO} disables the cache. */
    public Builder templateCacheTtl(Duration templateCacheTtl) {
      this.templateCacheTtl = templateCacheTtl;
      return this;
    }

    /**
     * Converts objects the SDK cannot serialise by itself (not maps, lists, arrays, strings,
     * numbers, booleans, enums, dates, UUIDs or records) into those; return null to fall back to
     * {@code toString()}. With Jackson: {@code o -> mapper.convertValue(o, Object.class)}.
     */
    public Builder valueMapper(Function<Object, Object> valueMapper) {
      this.valueMapper = valueMapper;
      return this;
    }

    /**
     * {@code false} accepts any TLS certificate from the server (and any host name in it): for a
     * self-hosted server with a self-signed certificate only, never over the internet. Also set by
     * {@code DISABLE_SSL_VERIFY=true}, as in the Python SDK.
     */
    public Builder sslVerify(boolean sslVerify) {
      this.sslVerify = sslVerify;
      return this;
    }

    /**
     * Told about every tracking failure the application cannot see otherwise, since tracking never
     * throws: events the server refused (a wrong key: {@link SeleneException#status()} 401) or that
     * could not be sent within the retries, the first events dropped because the queue was full,
     * and internal errors. Called on the SDK's background thread (the queue-full report on the
     * tracking thread); it must be quick, and what it throws is ignored. Failures are logged
     * through {@code System.Logger} either way.
     */
    public Builder errorHandler(Consumer<SeleneException> errorHandler) {
      this.errorHandler = errorHandler;
      return this;
    }

    public SeleneConfig build() {
      return new SeleneConfig(this);
    }
  }
}
