package org.mto4j.optimizers;

import java.util.Arrays;
import java.util.Comparator;
import java.util.Locale;
import java.util.Set;
import java.util.stream.IntStream;

import org.mto4j.core.CombinerSpec;
import org.mto4j.core.GramCombiner;
import org.mto4j.core.GramWeighting;
import org.mto4j.core.Gramian;
import org.mto4j.core.TaskLosses;
import org.mto4j.core.Weights;

/**
 * Krum and Multi-Krum: the average of the m task gradients closest to their neighbours, robust to f arbitrary
 * (Byzantine) rows. Distances come from the Gram matrix, so J is read only for G and for d.
 * <pre>
 *   δᵢⱼ = ‖gᵢ − gⱼ‖² = Gᵢᵢ + Gⱼⱼ − 2Gᵢⱼ
 *   score(i) = Σ over the K − f − 2 rows j ≠ i with the smallest δᵢⱼ of δᵢⱼ   (√δᵢⱼ with distance = euclidean)
 *   S = the m rows with the smallest scores,   wᵢ = 1/m for i ∈ S and 0 otherwise,   d = Σᵢ wᵢ gᵢ
 * </pre>
 * Equal scores go to the lower task index, so the result is deterministic; away from ties it is permutation
 * invariant. The weights do not change when J is scaled.
 *
 * <p>Blanchard, El Mhamdi, Guerraoui, Stainer, "Machine Learning with Adversaries: Byzantine Tolerant Gradient
 * Descent", NeurIPS 2017 (no arXiv version). Multi-Krum (m &gt; 1) is from the same paper.
 *
 * <p>Options: {@code f} &ge; 0, the number of Byzantine rows (default {@value #DEFAULT_F}); {@code m} &ge; 1, the
 * number selected (default {@value #DEFAULT_M}: Krum); {@code distance}, {@code squared} (default, the paper's
 * score) or {@code euclidean}. At each step K must be at least f + 3 (so that every row has a neighbour) and at
 * least m; the paper's robustness guarantee further needs K &gt; 2f + 2. TorchJD's {@code Krum(n_byzantine,
 * n_selected)} sums Euclidean distances: {@code f = n_byzantine, m = n_selected, distance = euclidean} reproduces
 * it. LibMTL has no Krum.
 *
 * <p>Immutable and thread-safe.
 *
 * @since 0.1.0
 */
public final class Krum implements GramWeighting {

    /** Registry name. */
    public static final String NAME = "krum";
    /** Byzantine rows unless the user says otherwise. */
    public static final int DEFAULT_F = 0;
    /** Rows selected unless the user says otherwise (1: Krum, more: Multi-Krum). */
    public static final int DEFAULT_M = 1;
    /** The paper's score unless the user says otherwise. */
    public static final Distance DEFAULT_DISTANCE = Distance.SQUARED;

    /** What the score sums over a row's nearest neighbours. */
    public enum Distance {
        /** ‖gᵢ − gⱼ‖², as in the paper. */
        SQUARED,
        /** ‖gᵢ − gⱼ‖, as in TorchJD. */
        EUCLIDEAN
    }

    private final int f;
    private final int m;
    private final Distance distance;

    private Krum(int f, int m, Distance distance) {
        if (f < 0) {
            throw new IllegalArgumentException("f (number of Byzantine rows) must be >= 0, got f = " + f);
        }
        if (m < 1) {
            throw new IllegalArgumentException("m (number of selected rows) must be >= 1, got m = " + m);
        }
        if (distance == null) {
            throw new IllegalArgumentException("distance must not be null");
        }
        this.f = f;
        this.m = m;
        this.distance = distance;
    }

    /** {@return krum with f = {@value #DEFAULT_F}, m = {@value #DEFAULT_M}, squared distances} */
    public static Krum defaults() {
        return new Krum(DEFAULT_F, DEFAULT_M, DEFAULT_DISTANCE);
    }

    /**
     * The same method tolerating {@code f} Byzantine rows.
     *
     * @param f the number of Byzantine rows tolerated (K must be &ge; f + 3)
     * @return a new instance
     */
    public Krum withF(int f) {
        return new Krum(f, m, distance);
    }

    /**
     * The same method averaging the {@code m} best rows (Multi-Krum for m &gt; 1).
     *
     * @param m the number of best-scored rows averaged (1: Krum, more: Multi-Krum; K must be &ge; m)
     * @return a new instance
     */
    public Krum withM(int m) {
        return new Krum(f, m, distance);
    }

    /**
     * The same method scoring with {@code distance}.
     *
     * @param distance what the score sums over a row's nearest neighbours
     * @return a new instance
     */
    public Krum withDistance(Distance distance) {
        return new Krum(f, m, distance);
    }

    /** {@return the number of Byzantine rows tolerated (K must be &ge; f + 3)} */
    public int f() {
        return f;
    }

    /** {@return the number of best-scored rows averaged (1: Krum, more: Multi-Krum; K must be &ge; m)} */
    public int m() {
        return m;
    }

    /** {@return what the score sums over a row's nearest neighbours} */
    public Distance distance() {
        return distance;
    }

    @Override
    public Weights weigh(Gramian gramian, TaskLosses losses) {
        int k = gramian.size();
        if (k < f + 3) {
            throw new IllegalArgumentException(NAME + " with f = " + f + " needs K >= f + 3 = " + (f + 3)
                    + " tasks, got K = " + k);
        }
        if (k < m) {
            throw new IllegalArgumentException(NAME + " with m = " + m + " needs K >= m tasks, got K = " + k);
        }
        int neighbours = k - f - 2;
        double[] scores = new double[k];
        double[] row = new double[k - 1];
        for (int i = 0; i < k; i++) {
            int c = 0;
            for (int j = 0; j < k; j++) {
                if (j != i) {
                    // Rounding can make a tiny squared distance negative.
                    double squared = Math.max(0.0, gramian.get(i, i) + gramian.get(j, j) - 2 * gramian.get(i, j));
                    row[c++] = distance == Distance.SQUARED ? squared : Math.sqrt(squared);
                }
            }
            Arrays.sort(row);
            for (int q = 0; q < neighbours; q++) {
                scores[i] += row[q];
            }
        }
        double[] w = new double[k];
        IntStream.range(0, k).boxed()
                .sorted(Comparator.<Integer>comparingDouble(i -> scores[i]).thenComparingInt(i -> i))
                .limit(m)
                .forEach(i -> w[i] = 1.0 / m);
        return Weights.of(w);
    }

    /** The weights depend on G only through ratios of its entries. */
    @Override
    public boolean isScaleInvariant() {
        return true;
    }

    @Override
    public String name() {
        return NAME;
    }

    static CombinerSpec spec() {
        return new CombinerSpec(NAME, "Krum / Multi-Krum: average of the m rows nearest their K − f − 2 neighbours",
                Set.of("f", "m", "distance"),
                o -> new GramCombiner(new Krum(o.getInt("f", DEFAULT_F), o.getInt("m", DEFAULT_M),
                        o.getEnum("distance", Distance.class, DEFAULT_DISTANCE))));
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof Krum)) {
            return false;
        }
        Krum other = (Krum) o;
        return f == other.f && m == other.m && distance == other.distance;
    }

    @Override
    public int hashCode() {
        return (f * 31 + m) * 31 + distance.hashCode();
    }

    @Override
    public String toString() {
        return NAME + "(f=" + f + ", m=" + m + ", distance=" + distance.name().toLowerCase(Locale.ROOT) + ")";
    }
}
