package org.film4j.data;

import static org.film4j.data.ClevrJsonFileTest.assertContains;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FeaturesFileTest {

    private static final int IMAGES = 4;
    private static final int C = 3;
    private static final int H = 2;
    private static final int W = 5;

    @TempDir
    Path dir;

    /** Value of image i, channel c, row y, column x: distinct everywhere, so a wrong slice shows. */
    private static float value(int i, int c, int y, int x) {
        return i * 1000 + c * 100 + y * 10 + x + 0.5f;
    }

    private Path features() {
        float[][][][] data = new float[IMAGES][C][H][W];
        for (int i = 0; i < IMAGES; i++) {
            for (int c = 0; c < C; c++) {
                for (int y = 0; y < H; y++) {
                    for (int x = 0; x < W; x++) {
                        data[i][c][y][x] = value(i, c, y, x);
                    }
                }
            }
        }
        return Hdf5Fixtures.write(dir.resolve("val_features.h5"), Map.of("features", data));
    }

    @Test
    void readsOneImageSliceInRowMajorOrder() {
        try (FeaturesFile features = FeaturesFile.open(features())) {
            assertEquals(IMAGES, features.imageCount());
            assertArrayEquals(new int[] {C, H, W}, features.featureShape());

            float[] image = features.read(2);

            assertEquals(C * H * W, image.length);
            for (int c = 0; c < C; c++) {
                for (int y = 0; y < H; y++) {
                    for (int x = 0; x < W; x++) {
                        assertEquals(value(2, c, y, x), image[(c * H + y) * W + x]);
                    }
                }
            }
        }
    }

    @Test
    void imageIndexOutOfRangeIsNamed() {
        try (FeaturesFile features = FeaturesFile.open(features())) {
            assertContains(assertThrows(DataException.class, () -> features.read(IMAGES)),
                    "val_features.h5", "image index 4 is out of range", "4 images");
            assertContains(assertThrows(DataException.class, () -> features.read(-1)), "image index -1");
        }
    }

    @Test
    void wrongRankAndMissingDatasetAreNamed() {
        Path flat = Hdf5Fixtures.write(dir.resolve("flat.h5"), Map.of("features", new float[2][3][4]));
        assertContains(assertThrows(DataException.class, () -> FeaturesFile.open(flat)),
                "flat.h5", "\"features\" has shape [2, 3, 4]", "expected [images, channels, height, width]");

        Path other = Hdf5Fixtures.write(dir.resolve("other.h5"), Map.of("feats", new float[1][1][1][1]));
        assertContains(assertThrows(DataException.class, () -> FeaturesFile.open(other)),
                "other.h5", "missing dataset \"features\"", "[feats]");
    }

    @Test
    void truncatedFileIsNamed() throws IOException {
        Path cut = Hdf5Fixtures.truncate(features(), 0.9);

        assertContains(assertThrows(DataException.class, () -> FeaturesFile.open(cut)), cut.toString(), "truncated");
    }
}
