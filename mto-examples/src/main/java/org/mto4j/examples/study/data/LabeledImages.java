package org.mto4j.examples.study.data;

import java.io.BufferedReader;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/**
 * Single-label grey-scale images, the material the two-task data sets are made of: n images of h × w pixels in
 * [0, 1] (row-major, image after image) and one class label per image.
 *
 * <p>Sources: {@link #digits()} (the vendored UCI digits, see {@code data/README.md} next to this class) and
 * {@link #readIdx} (the idx format of MNIST and Fashion-MNIST, plain or gzipped).
 *
 * <p>Immutable and thread-safe; accessors that return arrays return copies.
 *
 * @since 0.1.0
 */
public final class LabeledImages {
    /** Classpath location of the vendored digits. */
    public static final String DIGITS_RESOURCE = "/org/mto4j/examples/study/data/digits.csv.gz";
    /** Side of a UCI digit image. */
    public static final int DIGIT_SIDE = 8;
    /** Largest pixel value of a UCI digit (a count of on pixels in a 4 × 4 block). */
    public static final int DIGIT_MAX_VALUE = 16;
    private static final int IDX_IMAGES_MAGIC = 0x00000803;
    private static final int IDX_LABELS_MAGIC = 0x00000801;

    private final float[] pixels;
    private final int[] labels;
    private final int height;
    private final int width;
    private final int numClasses;

    /** Wraps arrays that no one else holds (no copy). */
    private LabeledImages(float[] pixels, int[] labels, int height, int width, int numClasses) {
        this.pixels = pixels;
        this.labels = labels;
        this.height = height;
        this.width = width;
        this.numClasses = numClasses;
    }

    /**
     * Images from arrays, checked and copied.
     *
     * @param pixels     n · height · width values in [0, 1], image after image, row-major
     * @param labels     n class labels in [0, numClasses)
     * @param height     image height, ≥ 1
     * @param width      image width, ≥ 1
     * @param numClasses number of classes, ≥ 2
     */
    public static LabeledImages of(float[] pixels, int[] labels, int height, int width, int numClasses) {
        check(pixels, labels, height, width, numClasses);
        return new LabeledImages(pixels.clone(), labels.clone(), height, width, numClasses);
    }

    private static void check(float[] pixels, int[] labels, int height, int width, int numClasses) {
        if (pixels == null || labels == null) {
            throw new IllegalArgumentException("pixels and labels must not be null");
        }
        if (height < 1 || width < 1 || numClasses < 2) {
            throw new IllegalArgumentException("need height >= 1, width >= 1 and numClasses >= 2, got height = "
                    + height + ", width = " + width + ", numClasses = " + numClasses);
        }
        if ((long) labels.length * height * width != pixels.length) {
            throw new IllegalArgumentException("pixels has " + pixels.length + " values but " + labels.length
                    + " images of " + height + " x " + width + " need " + (long) labels.length * height * width);
        }
        for (int i = 0; i < pixels.length; i++) {
            if (!(pixels[i] >= 0f && pixels[i] <= 1f)) {
                throw new IllegalArgumentException("pixels[" + i + "] must be in [0, 1], got " + pixels[i]);
            }
        }
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0 || labels[i] >= numClasses) {
                throw new IllegalArgumentException("labels[" + i + "] must be in [0, " + numClasses + "), got "
                        + labels[i]);
            }
        }
    }

    /** The 1,797 vendored UCI digits (8 × 8, pixel values 0..16 scaled to [0, 1]). */
    public static LabeledImages digits() {
        try (InputStream raw = LabeledImages.class.getResourceAsStream(DIGITS_RESOURCE)) {
            if (raw == null) {
                throw new IllegalStateException("resource " + DIGITS_RESOURCE + " is missing from the classpath");
            }
            return parseDigits(new BufferedReader(new InputStreamReader(new GZIPInputStream(raw),
                    StandardCharsets.US_ASCII)), DIGITS_RESOURCE);
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + DIGITS_RESOURCE, e);
        }
    }

    static LabeledImages parseDigits(BufferedReader in, String source) throws IOException {
        int side = DIGIT_SIDE * DIGIT_SIDE;
        float[] pixels = new float[2048 * side];
        int[] labels = new int[2048];
        int n = 0;
        String line;
        int lineNumber = 0;
        while ((line = in.readLine()) != null) {
            lineNumber++;
            if (line.isBlank()) {
                continue;
            }
            String[] fields = line.split(",");
            if (fields.length != side + 1) {
                throw new IllegalArgumentException(source + ": line " + lineNumber + " has " + fields.length
                        + " fields, expected " + (side + 1));
            }
            if (n == labels.length) {
                labels = java.util.Arrays.copyOf(labels, 2 * n);
                pixels = java.util.Arrays.copyOf(pixels, 2 * n * side);
            }
            for (int j = 0; j <= side; j++) {
                int v = parse(fields[j], source, lineNumber, j);
                int max = j < side ? DIGIT_MAX_VALUE : 9;
                if (v < 0 || v > max) {
                    throw new IllegalArgumentException(source + ": line " + lineNumber + ", field " + (j + 1)
                            + " must be in [0, " + max + "], got " + v);
                }
                if (j < side) {
                    pixels[n * side + j] = v / (float) DIGIT_MAX_VALUE;
                } else {
                    labels[n] = v;
                }
            }
            n++;
        }
        return new LabeledImages(java.util.Arrays.copyOf(pixels, n * side), java.util.Arrays.copyOf(labels, n),
                DIGIT_SIDE, DIGIT_SIDE, 10);
    }

    private static int parse(String field, String source, int line, int column) {
        try {
            return Integer.parseInt(field.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(source + ": line " + line + ", field " + (column + 1)
                    + " must be an integer, got '" + field + "'");
        }
    }

    /**
     * Reads an idx image file (magic 0x803, unsigned bytes, n × h × w) and its idx label file (magic 0x801);
     * files ending in {@code .gz} are decompressed. Pixels are scaled by 1/255.
     *
     * @param images     the image file
     * @param labels     the label file
     * @param numClasses the number of classes, labels must lie in [0, numClasses)
     */
    public static LabeledImages readIdx(Path images, Path labels, int numClasses) {
        int[] header;
        float[] pixels;
        try (DataInputStream in = open(images)) {
            header = idxHeader(in, IDX_IMAGES_MAGIC, 3, images);
            long size = (long) header[0] * header[1] * header[2];
            if (size > Integer.MAX_VALUE - 8) {
                throw new IllegalArgumentException(images + ": " + header[0] + " images of " + header[1] + " x "
                        + header[2] + " are too many for one array");
            }
            pixels = new float[(int) size];
            byte[] row = new byte[header[1] * header[2]];
            for (int i = 0; i < header[0]; i++) {
                in.readFully(row);
                int base = i * row.length;
                for (int j = 0; j < row.length; j++) {
                    pixels[base + j] = (row[j] & 0xff) / 255f;
                }
            }
        } catch (java.io.EOFException e) {
            throw new IllegalArgumentException(images + " ends before the images its header announces", e);
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + images, e);
        }
        int[] values;
        try (DataInputStream in = open(labels)) {
            int n = idxHeader(in, IDX_LABELS_MAGIC, 1, labels)[0];
            if (n != header[0]) {
                throw new IllegalArgumentException(labels + " has " + n + " labels but " + images + " has "
                        + header[0] + " images");
            }
            byte[] raw = new byte[n];
            in.readFully(raw);
            values = new int[n];
            for (int i = 0; i < n; i++) {
                values[i] = raw[i] & 0xff;
            }
        } catch (java.io.EOFException e) {
            throw new IllegalArgumentException(labels + " ends before the labels its header announces", e);
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + labels, e);
        }
        for (int i = 0; i < values.length; i++) {
            if (values[i] >= numClasses) {
                throw new IllegalArgumentException(labels + ": label " + i + " is " + values[i] + ", expected < "
                        + numClasses);
            }
        }
        return new LabeledImages(pixels, values, header[1], header[2], numClasses);
    }

    private static DataInputStream open(Path file) throws IOException {
        InputStream in = Files.newInputStream(file);
        if (file.getFileName().toString().endsWith(".gz")) {
            in = new GZIPInputStream(in, 1 << 16);
        }
        return new DataInputStream(new java.io.BufferedInputStream(in, 1 << 16));
    }

    /** Reads the magic number and the dimension sizes of an idx file. */
    private static int[] idxHeader(DataInputStream in, int magic, int dims, Path file) throws IOException {
        int got = in.readInt();
        if (got != magic) {
            throw new IllegalArgumentException(file + " is not an idx file of " + dims + " dimension(s) of unsigned "
                    + "bytes: magic number 0x" + Integer.toHexString(got) + ", expected 0x"
                    + Integer.toHexString(magic));
        }
        int[] sizes = new int[dims];
        for (int d = 0; d < dims; d++) {
            sizes[d] = in.readInt();
            if (sizes[d] < 1) {
                throw new IllegalArgumentException(file + ": dimension " + d + " has size " + sizes[d]);
            }
        }
        return sizes;
    }

    /** Number of images. */
    public int size() {
        return labels.length;
    }

    public int height() {
        return height;
    }

    public int width() {
        return width;
    }

    public int numClasses() {
        return numClasses;
    }

    /** The label of image i. */
    public int label(int image) {
        return labels[image];
    }

    /** A copy of every label. */
    public int[] labels() {
        return labels.clone();
    }

    /** Pixel (row, column) of image i. */
    public float pixel(int image, int row, int column) {
        return pixels[(image * height + row) * width + column];
    }

    /** Pixels of images in [from, from + count), row-major, as one new array. */
    public float[] pixels(int from, int count) {
        int side = height * width;
        return java.util.Arrays.copyOfRange(pixels, from * side, (from + count) * side);
    }

    /**
     * Averages each factor × factor block of pixels (for example 28 × 28 → 14 × 14 with factor 2); the height and
     * width must be multiples of the factor.
     */
    public LabeledImages downsample(int factor) {
        if (factor < 1 || height % factor != 0 || width % factor != 0) {
            throw new IllegalArgumentException("factor must be >= 1 and divide the image size " + height + " x "
                    + width + ", got " + factor);
        }
        if (factor == 1) {
            return this;
        }
        int h = height / factor;
        int w = width / factor;
        float[] out = new float[labels.length * h * w];
        float scale = 1f / (factor * factor);
        for (int i = 0; i < labels.length; i++) {
            for (int r = 0; r < h; r++) {
                for (int c = 0; c < w; c++) {
                    float sum = 0;
                    for (int dr = 0; dr < factor; dr++) {
                        int base = (i * height + r * factor + dr) * width + c * factor;
                        for (int dc = 0; dc < factor; dc++) {
                            sum += pixels[base + dc];
                        }
                    }
                    out[(i * h + r) * w + c] = Math.min(1f, sum * scale);
                }
            }
        }
        return new LabeledImages(out, labels, h, w, numClasses);
    }

    /** The backing array itself, for the builders of this package (no copy); never modified. */
    float[] backingPixels() {
        return pixels;
    }
}
