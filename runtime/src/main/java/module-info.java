/**
 * The film4j runtime: serves a FiLM model's two ONNX graphs through ONNX Runtime, with hooks
 * between them, and holds what training and serving share (tokenizer, vocabularies, image
 * preprocessing, model config). Only these packages are its API (docs/runtime.md lists their
 * types); {@code internal} and the built-in hooks, which are made by name ({@link
 * org.film4j.runtime.Hooks}), are not.
 */
module org.film4j.runtime {
  requires com.microsoft.onnxruntime;
  // Images come and go as BufferedImage (VisualInput.image, ImagePreprocessor.read).
  requires transitive java.desktop;

  exports org.film4j.runtime;
  exports org.film4j.runtime.config;
  exports org.film4j.runtime.image;
  exports org.film4j.runtime.text;

  // Hooks by name: the built-in ones here, others from whatever module or class path provides them.
  uses org.film4j.runtime.FilmHookProvider;
  provides org.film4j.runtime.FilmHookProvider with
      org.film4j.runtime.hook.AblateHook.Provider,
      org.film4j.runtime.hook.ArithmeticHook.Provider,
      org.film4j.runtime.hook.RecordHook.Provider,
      org.film4j.runtime.hook.ReplaceHook.Provider,
      org.film4j.runtime.hook.TransformHook.Provider;
}
