package org.film4j.exporter.model;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.util.LinkedHashMap;
import java.util.Map;
import org.film4j.exporter.onnx.ModelProto;

/** Runs a model in ONNX Runtime on float and int64 inputs; returns one float output. */
final class OrtRunner {

  private OrtRunner() {}

  record Input(long[] shape, float[] floats, long[] longs) {
    static Input of(float[] data, long... shape) {
      return new Input(shape, data, null);
    }

    static Input of(long[] data, long... shape) {
      return new Input(shape, null, data);
    }
  }

  static float[] run(ModelProto model, String output, Map<String, Input> inputs)
      throws OrtException {
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    try (OrtSession.SessionOptions options = new OrtSession.SessionOptions();
        OrtSession session = env.createSession(model.toByteArray(), options)) {
      Map<String, OnnxTensor> feeds = new LinkedHashMap<>();
      try {
        for (Map.Entry<String, Input> e : inputs.entrySet()) {
          Input in = e.getValue();
          feeds.put(e.getKey(), in.floats() != null
              ? OnnxTensor.createTensor(env, FloatBuffer.wrap(in.floats()), in.shape())
              : OnnxTensor.createTensor(env, LongBuffer.wrap(in.longs()), in.shape()));
        }
        try (OrtSession.Result result = session.run(feeds)) {
          OnnxTensor t = (OnnxTensor) result.get(output).orElseThrow();
          FloatBuffer buffer = t.getFloatBuffer();
          float[] out = new float[buffer.remaining()];
          buffer.get(out);
          return out;
        }
      } finally {
        feeds.values().forEach(OnnxTensor::close);
      }
    }
  }
}
