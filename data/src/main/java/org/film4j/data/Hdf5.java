package org.film4j.data;

import io.jhdf.HdfFile;
import io.jhdf.api.Dataset;
import io.jhdf.api.Node;
import java.io.IOException;
import java.lang.reflect.Array;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The few HDF5 operations the readers need, on top of jhdf, with errors that name the file and
 * the dataset. jhdf's own exceptions are wrapped: they rarely say which file they are about.
 */
final class Hdf5 {

    /** Rows read at once from a 2-D dataset, to keep the transient boxed arrays small. */
    private static final int BLOCK_ELEMENTS = 1 << 20;

    static final Class<?>[] INTEGERS = {byte.class, short.class, int.class, long.class};
    static final Class<?>[] FLOATS = {float.class, double.class};

    private Hdf5() {
    }

    /** Opens an HDF5 file, refusing a missing, foreign or truncated one. */
    static HdfFile open(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new DataException(file + ": no such file");
        }
        HdfFile hdf = call(file, "open as HDF5", () -> hdfFile(file));
        try {
            // jhdf reads a cut file silently as long as the bytes it needs are there; the
            // superblock says how long the file should be.
            long expected = hdf.getHdfBackingStorage().getSuperblock().getEndOfFileAddress() + hdf.getUserBlockSize();
            long actual = Files.size(file);
            if (actual < expected) {
                throw new DataException(file + ": truncated HDF5 file: it has " + actual + " bytes, its header says "
                        + expected);
            }
            return hdf;
        } catch (Exception e) {
            hdf.close();
            throw e instanceof DataException data ? data : new DataException(file + ": cannot read: " + e.getMessage(), e);
        }
    }

    /**
     * jhdf over the file mapped into memory, where it slices what it reads instead of allocating
     * a buffer of the length the file declares, so that a damaged header fails as a read past the
     * end rather than as an {@link OutOfMemoryError}. A file over 2 GB (one mapping's limit), a
     * features file of real size, is read through jhdf's file channel.
     */
    private static HdfFile hdfFile(Path file) {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            if (channel.size() > Integer.MAX_VALUE) {
                return new HdfFile(file);
            }
            return HdfFile.fromByteBuffer(channel.map(FileChannel.MapMode.READ_ONLY, 0, channel.size()));
        } catch (IOException e) {
            throw new DataException(file + ": cannot read: " + e.getMessage(), e);
        }
    }

    /**
     * Refuses a dataset whose declared values would not fit in the heap before anything is
     * allocated for them: a damaged header can declare any size.
     */
    static void requireFits(Path file, Dataset dataset, long values, int bytesPerValue) {
        long heap = Runtime.getRuntime().maxMemory();
        if (values > Integer.MAX_VALUE - 8 || values * bytesPerValue > heap / 2) {
            throw new DataException(file + ": dataset \"" + dataset.getName() + "\" declares " + values
                    + " values, more than this Java heap of " + (heap >> 20) + " MB can hold (-Xmx raises it)");
        }
    }

    /** Runs a jhdf call, turning its failures into a {@link DataException} about {@code file}. */
    static <T> T call(Path file, String action, Supplier<T> jhdfCall) {
        try {
            return jhdfCall.get();
        } catch (DataException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new DataException(file + ": cannot " + action + " (not a valid or complete HDF5 file?): "
                    + e.getMessage(), e);
        }
    }

    static Optional<Dataset> optionalDataset(HdfFile hdf, Path file, String name) {
        Node node = call(file, "read its group of datasets", () -> hdf.getChildren().get(name));
        if (node == null) {
            return Optional.empty();
        }
        if (!(node instanceof Dataset dataset)) {
            throw new DataException(file + ": \"" + name + "\" is a " + node.getType() + ", expected a dataset");
        }
        return Optional.of(dataset);
    }

    static Dataset dataset(HdfFile hdf, Path file, String name) {
        return optionalDataset(hdf, file, name).orElseThrow(() -> new DataException(file + ": missing dataset \""
                + name + "\" (the file holds: " + call(file, "list its datasets", () -> hdf.getChildren().keySet()) + ")"));
    }

    /** The shape of a dataset of the given rank, whose elements are of one of the given kinds. */
    static int[] shape(Path file, Dataset dataset, int rank, String expectedShape, Class<?>... elementTypes) {
        int[] shape = call(file, "read the shape of \"" + dataset.getName() + "\"", dataset::getDimensions);
        if (shape.length != rank || Arrays.stream(shape).anyMatch(extent -> extent < 0)) {
            throw new DataException(file + ": dataset \"" + dataset.getName() + "\" has shape " + Arrays.toString(shape)
                    + ", expected " + expectedShape);
        }
        Class<?> type = call(file, "read the type of \"" + dataset.getName() + "\"", dataset::getJavaType);
        if (Arrays.stream(elementTypes).noneMatch(type::equals)) {
            throw new DataException(file + ": dataset \"" + dataset.getName() + "\" holds " + type.getSimpleName()
                    + " values, expected " + Arrays.toString(Arrays.stream(elementTypes).map(Class::getSimpleName).toArray()));
        }
        return shape;
    }

    /** A whole integer dataset, flattened in row-major order, read a block of rows at a time. */
    static int[] readInts(Path file, Dataset dataset, int[] shape) {
        long rowValues = 1;
        for (int i = 1; i < shape.length; i++) {
            rowValues *= shape[i];
        }
        requireFits(file, dataset, shape[0] * rowValues, Integer.BYTES);
        int width = (int) Math.min(rowValues, Integer.MAX_VALUE);
        int[] values = new int[(int) (shape[0] * rowValues)];
        int blockRows = Math.max(1, BLOCK_ELEMENTS / Math.max(1, width));
        for (int row = 0; row < shape[0]; row += blockRows) {
            int[] sliceShape = shape.clone();
            sliceShape[0] = Math.min(blockRows, shape[0] - row);
            long[] offset = new long[shape.length];
            offset[0] = row;
            Object block = call(file, "read dataset \"" + dataset.getName() + "\"", () -> dataset.getData(offset, sliceShape));
            flattenInts(block, values, row * width, file, dataset.getName());
        }
        return values;
    }

    /** Rows {@code [row, row + 1)} of a floating-point dataset, flattened. */
    static float[] readFloatRow(Path file, Dataset dataset, int[] shape, int row) {
        int[] sliceShape = shape.clone();
        sliceShape[0] = 1;
        long[] offset = new long[shape.length];
        offset[0] = row;
        Object slice = call(file, "read row " + row + " of dataset \"" + dataset.getName() + "\"",
                () -> dataset.getData(offset, sliceShape));
        long size = 1;
        for (int extent : sliceShape) {
            size *= extent;
        }
        requireFits(file, dataset, size, Float.BYTES);
        float[] values = new float[(int) size];
        flattenFloats(slice, values, 0);
        return values;
    }

    /** Copies a (nested) primitive integer array into {@code into} from {@code at}; returns the end. */
    private static int flattenInts(Object array, int[] into, int at, Path file, String name) {
        if (array instanceof Object[] nested) {
            for (Object inner : nested) {
                at = flattenInts(inner, into, at, file, name);
            }
            return at;
        }
        if (array instanceof long[] longs) {
            for (long value : longs) {
                if (value != (int) value) {
                    throw new DataException(file + ": dataset \"" + name + "\" holds " + value + ", beyond the int range");
                }
                into[at++] = (int) value;
            }
            return at;
        }
        if (array instanceof int[] ints) {
            System.arraycopy(ints, 0, into, at, ints.length);
            return at + ints.length;
        }
        int length = Array.getLength(array); // byte[] or short[]
        for (int i = 0; i < length; i++) {
            into[at++] = ((Number) Array.get(array, i)).intValue();
        }
        return at;
    }

    private static int flattenFloats(Object array, float[] into, int at) {
        if (array instanceof Object[] nested) {
            for (Object inner : nested) {
                at = flattenFloats(inner, into, at);
            }
            return at;
        }
        if (array instanceof float[] floats) {
            System.arraycopy(floats, 0, into, at, floats.length);
            return at + floats.length;
        }
        for (double value : (double[]) array) {
            into[at++] = (float) value;
        }
        return at;
    }
}
