package org.film4j.runtime;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * How a model loads and runs. Build with {@link #builder()}; {@link #defaults()} is
 * {@code auto} provider, batches of 64, top 5 answers, unknown words refused, ONNX Runtime's own
 * log lines off (fatal only), the float network.
 */
public final class FilmOptions {

  /** Graph optimisation levels, as ONNX Runtime names them. */
  public static final List<String> OPTIMIZATIONS = List.of("none", "basic", "extended", "all");

  /** ONNX Runtime's own log levels, most to least talkative. */
  public static final List<String> LOG_LEVELS =
      List.of("verbose", "info", "warning", "error", "fatal");

  /**
   * The largest batch: callers may multiply it by a few batches per call without overflowing an
   * int, and what a batch of it holds is still checked against the heap when it is allocated.
   */
  public static final int MAX_BATCH_SIZE = 1 << 16;

  private final String provider;
  private final int threads;
  private final String optimization;
  private final int batchSize;
  private final int topK;
  private final boolean allowUnknownWords;
  private final int decodeThreads;
  private final List<FilmHook> hooks;
  private final String logLevel;
  private final String precision;

  private FilmOptions(Builder b) {
    this.provider = b.provider;
    this.threads = b.threads;
    this.optimization = b.optimization;
    this.batchSize = b.batchSize;
    this.topK = b.topK;
    this.allowUnknownWords = b.allowUnknownWords;
    this.decodeThreads = b.decodeThreads;
    this.hooks = List.copyOf(b.hooks);
    this.logLevel = b.logLevel;
    this.precision = b.precision;
  }

  public static FilmOptions defaults() {
    return builder().build();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** {@code auto}, {@code cpu} or {@code cuda:N}. */
  public String provider() {
    return provider;
  }

  /**
   * CPU threads that answer at once: on the CPU provider each batch is cut into slices (at most
   * 8 questions) that run in parallel, each one single-threaded ONNX Runtime call. Default: one
   * per core.
   */
  public int threads() {
    return threads;
  }

  /** {@code none}, {@code basic}, {@code extended} or {@code all}. */
  public String optimization() {
    return optimization;
  }

  /** Questions per batch; longer inputs are split. */
  public int batchSize() {
    return batchSize;
  }

  /** How many ranked answers each {@link Answer} lists. */
  public int topK() {
    return topK;
  }

  /** Whether an unknown word becomes {@code <UNK>} instead of an error. */
  public boolean allowUnknownWords() {
    return allowUnknownWords;
  }

  /** Threads that decode and preprocess images while batches run. */
  public int decodeThreads() {
    return decodeThreads;
  }

  /** The hook chain, in order; the model owns these hooks and closes them. */
  public List<FilmHook> hooks() {
    return hooks;
  }

  /**
   * ONNX Runtime's own log level: {@code verbose}, {@code info}, {@code warning}, {@code error}
   * or {@code fatal}. Why a provider fails is in {@link ModelInfo#providerReason()} either way.
   * ONNX Runtime has one environment per process, whose level the first model loaded (or the
   * host's own {@code OrtEnvironment}) sets for good.
   */
  public String logLevel() {
    return logLevel;
  }

  /**
   * {@code fp32}: a model folder serves {@code network.onnx}; {@code int8}: {@code
   * network.int8.onnx}, exported with {@code --quantize int8} (faster on CPUs with VNNI).
   */
  public String precision() {
    return precision;
  }

  public static final class Builder {

    private String provider = "auto";
    private int threads = Math.max(1, Runtime.getRuntime().availableProcessors());
    private String optimization = "all";
    private int batchSize = 64;
    private int topK = 5;
    private boolean allowUnknownWords = false;
    private int decodeThreads = Math.max(1, Runtime.getRuntime().availableProcessors());
    private final List<FilmHook> hooks = new ArrayList<>();
    private String logLevel = "fatal";
    private String precision = "fp32";

    private Builder() {
    }

    public Builder provider(String provider) {
      this.provider = provider;
      return this;
    }

    public Builder threads(int threads) {
      this.threads = atLeast("threads", threads, 1);
      return this;
    }

    public Builder optimization(String level) {
      if (!OPTIMIZATIONS.contains(level)) {
        throw new IllegalArgumentException("unknown optimisation level '" + level
            + "'; choose none, basic, extended or all");
      }
      this.optimization = level;
      return this;
    }

    /** Questions per batch, 1 to {@link #MAX_BATCH_SIZE}. */
    public Builder batchSize(int size) {
      if (size > MAX_BATCH_SIZE) {
        throw new IllegalArgumentException("batch size must be at most " + MAX_BATCH_SIZE
            + ", not " + size);
      }
      this.batchSize = atLeast("batch size", size, 1);
      return this;
    }

    public Builder topK(int k) {
      this.topK = atLeast("top-k", k, 1);
      return this;
    }

    public Builder allowUnknownWords(boolean allow) {
      this.allowUnknownWords = allow;
      return this;
    }

    public Builder decodeThreads(int threads) {
      this.decodeThreads = atLeast("decode threads", threads, 1);
      return this;
    }

    /** Appends a hook to the chain. */
    public Builder hook(FilmHook hook) {
      hooks.add(hook);
      return this;
    }

    /** Appends hooks made from specs ({@link Hooks#parse}). */
    public Builder hooks(List<String> specs) {
      hooks.addAll(Hooks.parseAll(specs));
      return this;
    }

    public Builder logLevel(String level) {
      String name = level.trim().toLowerCase(Locale.ROOT);
      if (!LOG_LEVELS.contains(name)) {
        throw new IllegalArgumentException("unknown ONNX Runtime log level '" + level
            + "'; choose verbose, info, warning, error or fatal");
      }
      this.logLevel = name;
      return this;
    }

    public Builder precision(String precision) {
      if (!precision.equals("fp32") && !precision.equals("int8")) {
        throw new IllegalArgumentException("unknown precision '" + precision
            + "'; choose fp32 or int8");
      }
      this.precision = precision;
      return this;
    }

    public FilmOptions build() {
      return new FilmOptions(this);
    }

    private static int atLeast(String what, int value, int min) {
      if (value < min) {
        throw new IllegalArgumentException(what + " must be at least " + min + ", not " + value);
      }
      return value;
    }
  }
}
