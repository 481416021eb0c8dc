package org.film4j.cli.predict;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.film4j.data.predict.Item;
import org.film4j.runtime.FilmModel;
import org.film4j.runtime.FilmOptions;
import org.film4j.runtime.ModelInfo;
import org.film4j.runtime.VisualInput;
import org.junit.jupiter.api.Test;

class FarFromTrainingTest {

  @Test
  void questionTypesTheModelNeverSawAreCountedOnce() {
    Path model = Path.of("..", "models", "small");
    ModelInfo info;
    try (FilmModel film = FilmModel.load(model, FilmOptions.builder().provider("cpu").build())) {
      info = film.info();
    }
    // models/small predates the recorded types: nothing is said of them.
    List<Item> items = List.of(item(0, "count"), item(1, "query_texture"));
    assertEquals(List.of(), FarFromTraining.notices(info, items));
    Map<String, String> provenance = new HashMap<>(info.provenance());
    provenance.put("question_types", "count,exist");
    ModelInfo typed = new ModelInfo(info.config(), info.questionVocabulary(),
        info.answerVocabulary(), info.preprocessing(), info.formatVersion(), info.modelId(),
        provenance, info.generator(), info.network(), info.provider(), info.providerReason(),
        info.warnings());
    assertEquals(List.of("2 questions are of types the model never saw in training "
        + "{query_texture: 1, relate_count: 1}, so its answers to them may mean little"),
        FarFromTraining.notices(typed, List.of(item(0, "count"), item(1, "query_texture"),
            item(2, "relate_count"), item(3, null))));
  }

  private static Item item(int index, String type) {
    return new Item(index, "x.png", "Is there a cube?", null, "yes", type, null,
        () -> VisualInput.tensor(new float[0]));
  }
}
