package org.film4j.data;

import io.jhdf.HdfFile;
import io.jhdf.api.Dataset;
import java.nio.file.Path;

/**
 * A features {@code .h5} file of the original code ({@code scripts/extract_features.py}): dataset
 * {@code features} float32 [images, C, H, W]. It is tens of GB for CLEVR, so it stays open and
 * each read fetches one image's slice. Reads are serialized, so one instance may be shared.
 */
public final class FeaturesFile implements AutoCloseable {

    private final Path file;
    private final HdfFile hdf;
    private final Dataset features;
    private final int[] shape;

    private FeaturesFile(Path file, HdfFile hdf, Dataset features, int[] shape) {
        this.file = file;
        this.hdf = hdf;
        this.features = features;
        this.shape = shape;
    }

    public static FeaturesFile open(Path file) {
        HdfFile hdf = Hdf5.open(file);
        try {
            Dataset features = Hdf5.dataset(hdf, file, "features");
            int[] shape = Hdf5.shape(file, features, 4, "[images, channels, height, width]", Hdf5.FLOATS);
            return new FeaturesFile(file, hdf, features, shape);
        } catch (RuntimeException e) {
            hdf.close();
            throw e;
        }
    }

    public Path file() {
        return file;
    }

    public int imageCount() {
        return shape[0];
    }

    /** The shape of one image's features: {C, H, W}. */
    public int[] featureShape() {
        return new int[] {shape[1], shape[2], shape[3]};
    }

    /** The features of image {@code imageIndex}, C×H×W values in row-major order. */
    public synchronized float[] read(int imageIndex) {
        if (imageIndex < 0 || imageIndex >= shape[0]) {
            throw new DataException(file + ": image index " + imageIndex + " is out of range (the file holds "
                    + shape[0] + " images)");
        }
        return Hdf5.readFloatRow(file, features, shape, imageIndex);
    }

    @Override
    public void close() {
        hdf.close();
    }
}
