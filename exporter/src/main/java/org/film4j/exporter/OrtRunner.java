package org.film4j.exporter;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.util.LinkedHashMap;
import java.util.Map;
import org.film4j.runtime.FilmOptions;
import org.film4j.runtime.ExecutionProviders;

/** Runs an ONNX model in ONNX Runtime (CPU) and returns its float outputs by name. */
public final class OrtRunner implements AutoCloseable {

  /** One input: int64 ids or float32 values, with its shape. */
  public record Input(long[] shape, float[] floats, long[] longs) {
    public static Input of(float[] data, long... shape) {
      return new Input(shape, data, null);
    }

    public static Input of(long[] data, long... shape) {
      return new Input(shape, null, data);
    }
  }

  private final OrtEnvironment env;
  private final OrtSession session;

  private OrtRunner(byte[] model) throws OrtException {
    // The runtime's environment, at its log level: a serving model in this process finds it so.
    env = ExecutionProviders.environment(FilmOptions.defaults().logLevel());
    try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
      session = env.createSession(model, options);
    }
  }

  /** {@code model}, a serialized ModelProto, loaded to run many times; close it when done. */
  public static OrtRunner open(byte[] model) throws OrtException {
    return new OrtRunner(model);
  }

  /** {@code model} run once; every output must be float32. */
  public static Map<String, float[]> run(byte[] model, Map<String, Input> inputs)
      throws OrtException {
    try (OrtRunner runner = open(model)) {
      return runner.run(inputs);
    }
  }

  /** One run; every output must be float32. */
  public Map<String, float[]> run(Map<String, Input> inputs) throws OrtException {
    Map<String, OnnxTensor> feeds = new LinkedHashMap<>();
    try {
      for (Map.Entry<String, Input> e : inputs.entrySet()) {
        Input in = e.getValue();
        feeds.put(e.getKey(), in.floats() != null
            ? OnnxTensor.createTensor(env, FloatBuffer.wrap(in.floats()), in.shape())
            : OnnxTensor.createTensor(env, LongBuffer.wrap(in.longs()), in.shape()));
      }
      Map<String, float[]> outputs = new LinkedHashMap<>();
      try (OrtSession.Result result = session.run(feeds)) {
        for (Map.Entry<String, OnnxValue> e : result) {
          FloatBuffer buffer = ((OnnxTensor) e.getValue()).getFloatBuffer();
          float[] values = new float[buffer.remaining()];
          buffer.get(values);
          outputs.put(e.getKey(), values);
        }
      }
      return outputs;
    } finally {
      feeds.values().forEach(OnnxTensor::close);
    }
  }

  @Override
  public void close() throws OrtException {
    session.close();
  }
}
