package org.film4j.data;

import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;

/** Small HDF5 files for tests, written with jhdf's writer. */
final class Hdf5Fixtures {

    private Hdf5Fixtures() {
    }

    /** Writes the datasets (name → Java array) to a new file; keeps the map's order. */
    static Path write(Path file, Map<String, Object> datasets) {
        try (WritableHdfFile hdf = HdfFile.write(file)) {
            datasets.forEach(hdf::putDataset);
        }
        return file;
    }

    /** Cuts a file to {@code keep} of its bytes, as an interrupted copy would. */
    static Path truncate(Path file, double keep) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        return Files.write(file, Arrays.copyOf(bytes, (int) (bytes.length * keep)));
    }
}
