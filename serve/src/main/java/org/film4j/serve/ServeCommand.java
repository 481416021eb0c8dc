package org.film4j.serve;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.film4j.data.predict.ExecutionOptions;
import org.film4j.data.predict.HookSpecs;
import org.film4j.data.predict.UnknownWords;
import org.film4j.runtime.FilmModel;
import org.film4j.runtime.FilmOptions;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code film4j serve}: models over HTTP until SIGTERM or Ctrl-C, which drain. The launcher
 * runs {@link #main} on this module's class path alone, so a server loads no DJL.
 */
@Command(name = "serve", mixinStandardHelpOptions = true,
    versionProvider = ServeCommand.Version.class,
    description = {"Serve models over HTTP: the Open Inference Protocol v2 (/v2/...), a plain "
        + "JSON API (/v1/answer), Prometheus metrics (/metrics) and a playground page (/).",
        "Concurrent requests are answered together in batches (--max-batch, --max-delay-ms). "
            + "Prints the URL when ready; SIGTERM or Ctrl-C drains: requests in flight are "
            + "answered, new ones get 503, and it exits 0. See docs/serving.md.",
        "--hook hooks serve every request; a request changes its own FiLM parameters by scale "
            + "and shift only (no hook is reachable from a request)."})
public final class ServeCommand implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  @Option(names = "--model", required = true, paramLabel = "[NAME=]DIR",
      description = "A model folder (generator.onnx, network.onnx), served as NAME (default: "
          + "the folder's name); repeat to serve several.")
  List<String> models = new ArrayList<>();

  @Option(names = "--host", paramLabel = "ADDR", defaultValue = "127.0.0.1",
      description = "Address to listen on (default: ${DEFAULT-VALUE}; 0.0.0.0 for every "
          + "interface).")
  String host;

  @Option(names = "--port", paramLabel = "N", defaultValue = "8080",
      description = "Port (default: ${DEFAULT-VALUE}; 0: any free one).")
  int port;

  @Option(names = "--max-batch", paramLabel = "N", defaultValue = "64",
      description = "Questions that close a batch (default: ${DEFAULT-VALUE}).")
  int maxBatch;

  @Option(names = "--max-delay-ms", paramLabel = "MS", defaultValue = "5",
      description = "How long a batch waits for more questions after its first "
          + "(default: ${DEFAULT-VALUE}).")
  int maxDelayMs;

  @Option(names = "--queue", paramLabel = "N", defaultValue = "1024",
      description = "Requests that may wait per model; more get 503 with Retry-After "
          + "(default: ${DEFAULT-VALUE}).")
  int queue;

  @Option(names = "--deadline-ms", paramLabel = "MS", defaultValue = "30000",
      description = "How long a request may wait for its answers; then 504 "
          + "(default: ${DEFAULT-VALUE}).")
  long deadlineMs;

  @Mixin
  ExecutionOptions execution;

  /** Hooks for every request; requests change their own parameters by scale and shift only. */
  @Mixin
  HookSpecs hooks;

  @Mixin
  UnknownWords unknownWords;

  @Option(names = "--api-key-file", paramLabel = "FILE",
      description = "Every route but health and the page's files needs "
          + "'Authorization: Bearer <the file's text>'.")
  Path apiKeyFile;

  @Option(names = "--data", paramLabel = "DIR",
      description = "Example images for the playground: a dataset (its images/<split>/) or "
          + "any folder of PNG or JPEG files.")
  Path data;

  @Option(names = "--data-root", paramLabel = "DIR",
      description = "Lets /v1/answer read images by 'image_path' under DIR, and nowhere else.")
  Path dataRoot;

  @Option(names = "--max-body-mb", paramLabel = "MB", defaultValue = "16",
      description = "The largest request body; larger gets 413 (default: ${DEFAULT-VALUE}).")
  int maxBodyMb;

  @Option(names = "--idle-timeout-ms", paramLabel = "MS", defaultValue = "30000",
      description = "A connection that sends nothing this long is closed, so slow or vanished "
          + "clients hold nothing (default: ${DEFAULT-VALUE}).")
  long idleTimeoutMs;

  /** Runs {@code film4j serve} on this module's class path (the launcher's way). */
  public static void main(String[] args) {
    CommandLine cli = new CommandLine(new ServeCommand()).setCommandName("film4j serve");
    cli.setExecutionExceptionHandler((e, cmd, parsed) -> {
      cmd.getErr().println("film4j: " + e.getMessage());
      return 1;
    });
    System.exit(cli.execute(args));
  }

  @Override
  public Integer call() throws Exception {
    require(maxBatch >= 1 && maxDelayMs >= 0 && queue >= 1 && deadlineMs >= 1
        && maxBodyMb >= 1 && idleTimeoutMs >= 1 && execution.threads() >= 0 && port >= 0 && port < 65536,
        "--max-batch, --queue, --deadline-ms, --max-body-mb and --idle-timeout-ms must be at "
            + "least 1; --max-delay-ms and --threads at least 0; --port 0..65535");
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    Metrics metrics = new Metrics();
    List<Path> exampleFolders = new ArrayList<>();
    List<ServedModel> served = new ArrayList<>();
    ServedModels all;
    try {
      for (String model : models) {
        served.add(load(model, metrics, exampleFolders, out, err));
      }
      all = new ServedModels(served);
    } catch (RuntimeException e) {
      served.forEach(ServedModel::close);
      throw e;
    }
    if (data != null) {
      exampleFolders.add(data);
    }
    ServerConfig config = new ServerConfig(host, port, Duration.ofMillis(deadlineMs),
        maxBodyMb * (1L << 20), Duration.ofMillis(idleTimeoutMs),
        apiKeyFile == null ? null : ApiKey.read(apiKeyFile), dataRoot,
        Examples.in(exampleFolders), version());
    CountDownLatch stop = new CountDownLatch(1);
    FilmServer server;
    try {
      server = FilmServer.start(config, all, metrics);
    } catch (RuntimeException e) {
      all.close();
      throw e;
    }
    Signals.onTerminate(stop::countDown);
    out.printf("film4j serve: %s (models: %s); Ctrl-C or SIGTERM drains and stops%n",
        server.url(), String.join(", ", all.all().stream().map(ServedModel::name).toList()));
    out.flush();
    stop.await();
    out.println("film4j serve: draining...");
    out.flush();
    FilmServer.Drained drained = server.drain();
    out.printf("film4j serve: stopped; of %d requests in flight, %d were answered%n",
        drained.inFlight(), drained.inFlight() - drained.cutOff());
    out.flush();
    return 0;
  }

  private ServedModel load(String spec, Metrics metrics, List<Path> exampleFolders,
      PrintWriter out, PrintWriter err) {
    int eq = spec.indexOf('=');
    Path dir = Path.of(eq < 0 ? spec : spec.substring(eq + 1));
    String name = eq < 0 ? String.valueOf(dir.toAbsolutePath().normalize().getFileName())
        : spec.substring(0, eq);
    require(name.matches("[A-Za-z0-9._-]+"), "model name '" + name + "' (of --model " + spec
        + "): use letters, digits, '.', '_' or '-'");
    FilmOptions.Builder options = execution.builder().batchSize(maxBatch)
        .allowUnknownWords(unknownWords.allowed()).hooks(hooks.specs());
    FilmModel model = FilmModel.load(dir, options.build());
    model.info().warnings().forEach(w -> err.println("film4j: warning: model " + name + ": " + w));
    err.flush();
    out.printf("model %s: %s (%s: %s)%n", name, dir, model.info().provider(),
        model.info().providerReason());
    exampleFolders.add(dir);
    return new ServedModel(name, model, unknownWords.allowed(),
        new ServedModel.Batching(maxBatch, Duration.ofMillis(maxDelayMs), queue), metrics);
  }

  private void require(boolean condition, String message) {
    if (!condition) {
      throw new CommandLine.ParameterException(spec.commandLine(), message);
    }
  }

  /** The version the jar's manifest carries. */
  static String version() {
    String version = ServeCommand.class.getPackage().getImplementationVersion();
    return version == null ? "(development build)" : version;
  }

  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {"film4j " + version()};
    }
  }
}
