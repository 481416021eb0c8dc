package org.film4j.data;

import static org.film4j.data.ClevrJsonFileTest.assertContains;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClevrDatasetTest {

    @TempDir
    Path root;

    @BeforeEach
    void layOutDataset() throws IOException {
        Files.createDirectories(root.resolve("questions"));
        Files.createDirectories(root.resolve("scenes"));
        Files.createDirectories(root.resolve("images/val"));
        Files.writeString(root.resolve("questions/CLEVR_val_questions.json"), questions("val", "CLEVR_val_000000.png"));
        Files.writeString(root.resolve("questions/CLEVR_train_questions.json"), questions("train", "CLEVR_train_000000.png"));
        Files.writeString(root.resolve("scenes/CLEVR_val_scenes.json"), "{\"scenes\": []}");
        Files.write(root.resolve("images/val/CLEVR_val_000000.png"), new byte[] {1});
    }

    private static String questions(String split, String image) {
        return "{\"questions\": [{\"question_index\": 0, \"split\": \"" + split + "\", \"image_index\": 0,"
                + " \"image_filename\": \"" + image + "\", \"question\": \"Is there a cube?\", \"answer\": \"no\"}]}";
    }

    private static ClevrQuestion withImage(String imageFilename) {
        return new ClevrQuestion(9, "val", imageFilename, 0, "Is there a cube?", "no", null, List.of());
    }

    @Test
    void findsSplitsQuestionsScenesAndImages() {
        ClevrDataset dataset = ClevrDataset.open(root);

        assertEquals(List.of("train", "val"), dataset.splits());
        ClevrQuestion question = dataset.questions("val").readAll().get(0);
        assertEquals("val", question.split());
        assertEquals(root.resolve("images/val/CLEVR_val_000000.png").toAbsolutePath(), dataset.imagePath(question));
        assertTrue(dataset.scenes("val").isPresent());
        assertTrue(dataset.scenes("train").isEmpty());
    }

    @Test
    void unknownSplitSaysWhereItLookedAndWhatIsThere() {
        DataException e = assertThrows(DataException.class, () -> ClevrDataset.open(root).questions("test"));

        assertContains(e, "split \"test\"", root.resolve("questions").toString(),
                "CLEVR_train_questions.json, CLEVR_val_questions.json");
    }

    @Test
    void folderWithoutQuestionsIsNotADataset() throws IOException {
        Path other = Files.createDirectories(root.resolve("elsewhere"));
        Files.createDirectories(other.resolve("imgs"));

        assertContains(assertThrows(DataException.class, () -> ClevrDataset.open(other)), other.toString(), "no questions/ folder", "imgs/");
        assertContains(assertThrows(DataException.class, () -> ClevrDataset.open(root.resolve("absent"))), "no such dataset folder");
    }

    @Test
    void missingImageIsNamed() {
        DataException e = assertThrows(DataException.class,
                () -> ClevrDataset.open(root).imagePath(withImage("CLEVR_val_000001.png")));

        assertContains(e, "question_index 9", "CLEVR_val_000001.png", "no such image file");
    }

    @Test
    void refusesFileNamesLeadingOutOfTheImagesFolder() throws IOException {
        Files.writeString(root.resolve("secret.txt"), "x");
        ClevrDataset dataset = ClevrDataset.open(root);

        for (String name : List.of("../../secret.txt", "../../../etc/passwd", root.resolve("secret.txt").toAbsolutePath().toString(), ".")) {
            DataException e = assertThrows(DataException.class, () -> dataset.imagePath(withImage(name)), name);
            assertContains(e, "question_index 9", "\"" + name + "\"", "outside the images folder");
        }
    }

    @Test
    void refusesSplitThatIsNotAFolderName() {
        ClevrQuestion question = new ClevrQuestion(3, "../questions", "CLEVR_val_questions.json", 0, "?", null, null, List.of());

        assertContains(assertThrows(DataException.class, () -> ClevrDataset.open(root).imagePath(question)),
                "question_index 3", "not a folder name");
    }

    @Test
    void refusesSymbolicLinkOutOfTheImagesFolder() throws IOException {
        Path secret = Files.writeString(root.resolve("secret.png"), "x");
        Files.createSymbolicLink(root.resolve("images/val/link.png"), secret);

        DataException e = assertThrows(DataException.class, () -> ClevrDataset.open(root).imagePath(withImage("link.png")));

        assertContains(e, "question_index 9", "\"link.png\"", "is a link to", "outside the images folder");
    }
}
