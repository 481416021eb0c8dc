package org.film4j.exporter.model;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.film4j.exporter.graph.GraphBuilder;

/**
 * Where the network's rows turn from images into questions. The network takes each distinct
 * image once; what it computes before a question's FiLM parameters are first read depends on
 * the image alone, so it runs once per image however many questions ask about it. The first
 * FiLM layer that reads them gathers its input by {@code image_index} (a node
 * {@code <value>.per_question}), and from then on every value has a row per question; a value
 * made before that and used after it (the residual of the block where FiLM first acts) is
 * gathered the same way. Where that happens follows from the config: in a {@code bn-film}
 * model, after the stem and the first block's input projection, convolution and BatchNorm; in a
 * {@code block-input-film} one, right after the stem.
 *
 * <p>The trainer gathers right after its stem instead ({@code FilmedNetwork}): a gather copies
 * rows, so both compute the same numbers.
 */
final class QuestionRows {

  private final GraphBuilder g;
  private final String images;
  private final String imageIndex;
  /** The values made while the rows were images; null until a question's row is asked for. */
  private Set<String> perImage;
  private final Map<String, String> gathered = new HashMap<>();
  private CoordinateMapsGraph imageCoords;
  private CoordinateMapsGraph questionCoords;

  /** {@code images} is the network's input, {@code imageIndex} each question's row of it. */
  QuestionRows(GraphBuilder g, String images, String imageIndex) {
    this.g = g;
    this.images = images;
    this.imageIndex = imageIndex;
  }

  /**
   * {@code value} with a row per question: the value itself once the rows are questions, else
   * its rows gathered by image_index. The first call turns the rows into questions.
   */
  String perQuestion(String value) {
    if (perImage == null) {
      perImage = g.definedValues();
    }
    if (!perImage.contains(value)) {
      return value;
    }
    return gathered.computeIfAbsent(value, v -> g.node(v + ".per_question", "Gather",
        List.of(v, imageIndex), GraphBuilder.attr("axis", 0L)));
  }

  /** {@code value} with the rows of {@code other}. */
  String like(String value, String other) {
    return isPerImage(other) ? value : perQuestion(value);
  }

  /** {@code [rows, 2, height, width]} coordinate maps with the rows of {@code like}. */
  String coords(String like, int height, int width) {
    if (isPerImage(like)) {
      if (imageCoords == null) {
        imageCoords = new CoordinateMapsGraph(g, "coord_map.images", images);
      }
      return imageCoords.get(height, width);
    }
    if (questionCoords == null) {
      questionCoords = new CoordinateMapsGraph(g, "coord_map", imageIndex);
    }
    return questionCoords.get(height, width);
  }

  private boolean isPerImage(String value) {
    return perImage == null || perImage.contains(value);
  }
}
