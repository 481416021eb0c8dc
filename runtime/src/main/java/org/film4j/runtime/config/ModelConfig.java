package org.film4j.runtime.config;

import static java.util.Map.entry;

import java.lang.reflect.Constructor;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Every architecture option of a FiLM model, under the original code's flag names
 * ({@code rnnWordvecDim} is {@code rnn_wordvec_dim} in {@link #toMap()}), with the original
 * defaults. Training options (learning rate, batch size...) are not part of the model and live
 * in the trainer.
 *
 * <p>The key/value form is lossless: {@code fromMap(c.toMap()).equals(c)}; it is what the ONNX
 * metadata and the trainer's checkpoints carry.
 */
public record ModelConfig(
    // What the FiLMed network reads: "image" (preprocessed pixels) or "features" (CNN maps).
    String inputType,
    // [C, H, W] of that input.
    List<Integer> featureDim,

    // FiLM generator (the original's program generator).
    String encoderType,
    String decoderType,
    int rnnWordvecDim,
    int rnnHiddenDim,
    int rnnNumLayers,
    double rnnDropout,
    boolean bidirectional,
    String gammaOption,
    double gammaBaseline,

    // FiLMed network (the original's execution engine).
    int numModules,
    int moduleDim,
    int moduleStemNumLayers,
    int moduleStemKernelSize,
    int moduleStemStride,
    // -1 is the original's None: kernel_size / 2.
    int moduleStemPadding,
    boolean moduleStemBatchnorm,
    boolean moduleResidual,
    boolean moduleBatchnorm,
    boolean moduleBatchnormAffine,
    double moduleDropout,
    // Kernel size of the block's input projection; 0 for none.
    int moduleInputProj,
    int moduleKernelSize,
    String conditionMethod,
    // One 0/1 per block; empty means FiLM in every block.
    List<Integer> conditionPattern,
    boolean useGamma,
    boolean useBeta,
    // 0: no coordinate maps; 1: at each block's input projection and the classifier;
    // 2: also at each block's 3x3 conv.
    int useCoords,
    int classifierProjDim,
    String classifierDownsample,
    List<Integer> classifierFcDims,
    boolean classifierBatchnorm,
    double classifierDropout) {

  public static final Set<String> INPUT_TYPES = Set.of("image", "features");
  public static final Set<String> ENCODER_TYPES = Set.of("gru", "lstm");
  public static final Set<String> DECODER_TYPES = Set.of("linear");
  public static final Set<String> GAMMA_OPTIONS = Set.of("linear", "sigmoid", "tanh", "exp");
  public static final Set<String> CONDITION_METHODS =
      Set.of("bn-film", "conv-film", "relu-film", "block-input-film", "block-output-film");
  public static final Set<String> DOWNSAMPLES =
      Set.of("maxpoolfull", "maxpool2", "maxpool3", "maxpool4", "maxpool5", "maxpool6", "maxpool7",
          "avgpoolfull", "avgpool2", "avgpool3", "avgpool4", "avgpool5", "avgpool6", "avgpool7",
          "none");

  public ModelConfig {
    featureDim = List.copyOf(featureDim);
    conditionPattern = List.copyOf(conditionPattern);
    classifierFcDims = List.copyOf(classifierFcDims);
    oneOf("input_type", inputType, INPUT_TYPES);
    oneOf("encoder_type", encoderType, ENCODER_TYPES);
    oneOf("decoder_type", decoderType, DECODER_TYPES);
    oneOf("gamma_option", gammaOption, GAMMA_OPTIONS);
    oneOf("condition_method", conditionMethod, CONDITION_METHODS);
    oneOf("classifier_downsample", classifierDownsample, DOWNSAMPLES);
    if (featureDim.size() != 3) {
      throw invalid("feature_dim", join(featureDim), "needs three numbers C,H,W");
    }
    for (int d : featureDim) {
      positive("feature_dim", d);
    }
    if (inputType.equals("image") && featureDim.get(0) != 3) {
      throw invalid("feature_dim", join(featureDim), "an image input has 3 channels");
    }
    positive("rnn_wordvec_dim", rnnWordvecDim);
    positive("rnn_hidden_dim", rnnHiddenDim);
    positive("rnn_num_layers", rnnNumLayers);
    fraction("rnn_dropout", rnnDropout);
    positive("num_modules", numModules);
    positive("module_dim", moduleDim);
    positive("module_stem_num_layers", moduleStemNumLayers);
    positive("module_stem_kernel_size", moduleStemKernelSize);
    positive("module_stem_stride", moduleStemStride);
    if (moduleStemPadding < -1) {
      throw invalid("module_stem_padding", moduleStemPadding, "must be -1 (kernel_size/2) or >= 0");
    }
    if (moduleStemPadding == -1 && moduleStemKernelSize % 2 == 0) {
      throw invalid("module_stem_kernel_size", moduleStemKernelSize,
          "an even kernel needs an explicit module_stem_padding");
    }
    odd("module_kernel_size", moduleKernelSize);
    if (moduleInputProj < 0) {
      throw invalid("module_input_proj", moduleInputProj, "must be 0 (none) or a kernel size");
    }
    if (moduleInputProj > 0) {
      odd("module_input_proj", moduleInputProj);
    }
    fraction("module_dropout", moduleDropout);
    if (!conditionPattern.isEmpty()) {
      if (conditionPattern.size() != numModules) {
        throw invalid("condition_pattern", join(conditionPattern),
            "has " + conditionPattern.size() + " entries but num_modules is " + numModules);
      }
      for (int c : conditionPattern) {
        if (c != 0 && c != 1) {
          throw invalid("condition_pattern", join(conditionPattern), "entries must be 0 or 1");
        }
      }
    }
    if (useCoords < 0 || useCoords > 2) {
      throw invalid("use_coords", useCoords, "must be 0, 1 or 2");
    }
    if (classifierProjDim < 0) {
      throw invalid("classifier_proj_dim", classifierProjDim, "must be 0 (none) or positive");
    }
    for (int d : classifierFcDims) {
      positive("classifier_fc_dims", d);
    }
    fraction("classifier_dropout", classifierDropout);
    int[] hw = moduleHeightWidth(featureDim, moduleStemNumLayers, moduleStemKernelSize,
        moduleStemStride, moduleStemPadding);
    if (hw[0] < 1 || hw[1] < 1) {
      throw invalid("feature_dim", join(featureDim), "the stem shrinks it to nothing");
    }
    if (classifierDownsample.endsWith("full") && hw[0] != hw[1]) {
      throw invalid("classifier_downsample", classifierDownsample,
          "needs square feature maps, the stem gives " + hw[0] + "x" + hw[1]);
    }
  }

  /**
   * The original code's defaults, flag by flag (the argparse defaults of its train_model.py), for
   * a CLEVR feature input: what {@link #fromMap} starts from.
   */
  private static final Map<String, String> ORIGINAL_DEFAULTS = Map.ofEntries(
      entry("input_type", "features"),
      entry("feature_dim", "1024,14,14"),
      entry("encoder_type", "gru"),
      entry("decoder_type", "linear"),
      entry("rnn_wordvec_dim", "300"),
      entry("rnn_hidden_dim", "256"),
      entry("rnn_num_layers", "2"),
      entry("rnn_dropout", "0"),
      entry("bidirectional", "0"),
      entry("gamma_option", "linear"),
      entry("gamma_baseline", "1"),
      entry("num_modules", "4"),
      entry("module_dim", "128"),
      entry("module_stem_num_layers", "2"),
      entry("module_stem_kernel_size", "3"),
      entry("module_stem_stride", "1"),
      entry("module_stem_padding", "-1"),
      entry("module_stem_batchnorm", "0"),
      entry("module_residual", "1"),
      entry("module_batchnorm", "0"),
      entry("module_batchnorm_affine", "0"),
      entry("module_dropout", "0.05"),
      entry("module_input_proj", "1"),
      entry("module_kernel_size", "3"),
      entry("condition_method", "bn-film"),
      entry("condition_pattern", ""),
      entry("use_gamma", "1"),
      entry("use_beta", "1"),
      entry("use_coords", "1"),
      entry("classifier_proj_dim", "512"),
      entry("classifier_downsample", "maxpool2"),
      entry("classifier_fc_dims", "1024"),
      entry("classifier_batchnorm", "0"),
      entry("classifier_dropout", "0"));

  /** The original code's defaults (train_model.py), for a CLEVR feature input. */
  public static ModelConfig defaults() {
    return fromMap(Map.of());
  }

  /** Height and width of the maps the residual blocks see, after the stem. */
  public int moduleHeight() {
    return moduleHeightWidth(featureDim, moduleStemNumLayers, moduleStemKernelSize,
        moduleStemStride, moduleStemPadding)[0];
  }

  public int moduleWidth() {
    return moduleHeightWidth(featureDim, moduleStemNumLayers, moduleStemKernelSize,
        moduleStemStride, moduleStemPadding)[1];
  }

  /** The stem padding actually used: the original's None means kernel_size / 2. */
  public int stemPadding() {
    return moduleStemPadding == -1 ? moduleStemKernelSize / 2 : moduleStemPadding;
  }

  /** Whether block {@code i} (0-based) is FiLMed, from condition_pattern. */
  public boolean conditioned(int block) {
    return conditionPattern.isEmpty() || conditionPattern.get(block) == 1;
  }

  /**
   * Whether the stem sees coordinate maps too: the original adds them only when the stem keeps
   * the spatial size (stride 1), because the maps are made at the blocks' size.
   */
  public boolean stemUsesCoords() {
    return useCoords > 0 && moduleStemStride == 1;
  }

  /** The lossless key/value form, under the original flag names. */
  public Map<String, String> toMap() {
    Map<String, String> map = new LinkedHashMap<>();
    for (RecordComponent c : ModelConfig.class.getRecordComponents()) {
      try {
        map.put(flagName(c.getName()), format(c.getAccessor().invoke(this)));
      } catch (ReflectiveOperationException e) {
        throw new IllegalStateException(e);
      }
    }
    return map;
  }

  /**
   * Reads the key/value form; keys not given keep the original defaults. An unknown key or an
   * unreadable value is an error that names it.
   */
  public static ModelConfig fromMap(Map<String, String> values) {
    Map<String, String> merged = new HashMap<>(ORIGINAL_DEFAULTS);
    for (Map.Entry<String, String> e : values.entrySet()) {
      if (!merged.containsKey(e.getKey())) {
        throw new IllegalArgumentException("unknown model option '" + e.getKey() + "'");
      }
      merged.put(e.getKey(), e.getValue().trim());
    }
    RecordComponent[] components = ModelConfig.class.getRecordComponents();
    Object[] args = new Object[components.length];
    Class<?>[] types = new Class<?>[components.length];
    for (int i = 0; i < components.length; i++) {
      String flag = flagName(components[i].getName());
      types[i] = components[i].getType();
      args[i] = parse(flag, merged.get(flag), types[i]);
    }
    try {
      Constructor<ModelConfig> constructor = ModelConfig.class.getDeclaredConstructor(types);
      return constructor.newInstance(args);
    } catch (java.lang.reflect.InvocationTargetException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw new IllegalStateException(e.getCause());
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A copy with one option changed, given in the key/value form. */
  public ModelConfig with(String flag, String value) {
    Map<String, String> map = toMap();
    map.put(flag, value);
    return fromMap(map);
  }

  /** {@code rnnWordvecDim} -> {@code rnn_wordvec_dim}. */
  static String flagName(String component) {
    StringBuilder b = new StringBuilder();
    for (char ch : component.toCharArray()) {
      if (Character.isUpperCase(ch)) {
        b.append('_').append(Character.toLowerCase(ch));
      } else {
        b.append(ch);
      }
    }
    return b.toString();
  }

  private static String format(Object value) {
    if (value instanceof Boolean b) {
      return b ? "1" : "0";
    }
    if (value instanceof List<?> list) {
      return join(list);
    }
    return String.valueOf(value);
  }

  private static Object parse(String flag, String text, Class<?> type) {
    try {
      if (type == int.class) {
        return Integer.parseInt(text);
      }
      if (type == double.class) {
        return Double.parseDouble(text);
      }
      if (type == boolean.class) {
        switch (text) {
          case "1": case "true": return true;
          case "0": case "false": return false;
          default: throw new NumberFormatException();
        }
      }
      if (type == List.class) {
        List<Integer> list = new ArrayList<>();
        for (String part : text.split(",")) {
          if (!part.isBlank()) {
            list.add(Integer.parseInt(part.trim()));
          }
        }
        return list;
      }
      return text;
    } catch (NumberFormatException e) {
      String expected = type == boolean.class ? "0 or 1"
          : type == List.class ? "comma-separated whole numbers"
          : type == int.class ? "a whole number" : "a number";
      throw invalid(flag, text, "expected " + expected);
    }
  }

  private static int[] moduleHeightWidth(List<Integer> featureDim, int layers, int kernel,
      int stride, int padding) {
    int pad = padding == -1 ? kernel / 2 : padding;
    int h = featureDim.get(1);
    int w = featureDim.get(2);
    for (int i = 0; i < layers; i++) {
      h = (h + 2 * pad - kernel) / stride + 1;
      w = (w + 2 * pad - kernel) / stride + 1;
    }
    return new int[] {h, w};
  }

  private static String join(List<?> list) {
    return list.stream().map(String::valueOf).collect(Collectors.joining(","));
  }

  private static void oneOf(String flag, String value, Set<String> allowed) {
    if (value == null || !allowed.contains(value)) {
      String[] sorted = allowed.toArray(new String[0]);
      Arrays.sort(sorted);
      throw invalid(flag, value, "choose one of " + String.join(", ", sorted));
    }
  }

  private static void positive(String flag, int value) {
    if (value <= 0) {
      throw invalid(flag, value, "must be positive");
    }
  }

  private static void odd(String flag, int value) {
    if (value <= 0 || value % 2 == 0) {
      throw invalid(flag, value, "must be a positive odd kernel size (same padding)");
    }
  }

  private static void fraction(String flag, double value) {
    if (!(value >= 0 && value < 1)) {
      throw invalid(flag, value, "must be in [0, 1)");
    }
  }

  private static IllegalArgumentException invalid(String flag, Object value, String why) {
    return new IllegalArgumentException(
        "model option " + flag + "=" + value + " is invalid: " + why);
  }
}
