package org.film4j.runtime;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.film4j.runtime.config.ModelConfig;
import org.film4j.runtime.image.Preprocessing;
import org.film4j.runtime.text.Vocabulary;

/**
 * What a loaded model is, read from its graphs' metadata, and how it runs.
 *
 * @param config the architecture
 * @param questionVocabulary token ids of the generator's {@code question} input
 * @param answerVocabulary the answer of each score of the network's {@code scores} output
 * @param preprocessing how images become the {@code image} input; {@code null} for a model
 *     that reads feature maps
 * @param formatVersion the graphs' film4j format version
 * @param modelId the identity every graph of the model carries (a digest of the checkpoint it
 *     was exported from); empty for graphs exported before identities
 * @param provenance how the model was made (data, steps, validation accuracy, export time)
 * @param generator the file holding the generator graph (the fused graph's for {@link
 *     FilmModel#loadFused})
 * @param network the file holding the network graph (the fused graph's for {@link
 *     FilmModel#loadFused})
 * @param provider the execution provider chosen: {@code cpu} or {@code cuda:N}
 * @param providerReason why that provider was chosen
 * @param warnings what a host should tell its user about the model, one line each (e.g. that
 *     it was exported before identities); empty for a sound model
 */
public record ModelInfo(
    ModelConfig config,
    Vocabulary questionVocabulary,
    Vocabulary answerVocabulary,
    Preprocessing preprocessing,
    int formatVersion,
    String modelId,
    Map<String, String> provenance,
    Path generator,
    Path network,
    String provider,
    String providerReason,
    List<String> warnings) {

  public ModelInfo {
    provenance = Map.copyOf(provenance);
    warnings = List.copyOf(warnings);
  }

  /** FiLMed blocks: the {@code modules} axis of gammas and betas. */
  public int modules() {
    return config.numModules();
  }

  /** Channels per block: the {@code channels} axis of gammas and betas. */
  public int channels() {
    return config.moduleDim();
  }

  /** Whether the network reads preprocessed pixels (else CNN feature maps). */
  public boolean readsImages() {
    return config.inputType().equals("image");
  }

  /** {@code [C, H, W]} of one network input. */
  public int[] inputShape() {
    return config.featureDim().stream().mapToInt(Integer::intValue).toArray();
  }
}
