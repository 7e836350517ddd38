package org.mto4j.training.sweep;

import org.nd4j.linalg.api.blas.Blas;
import org.nd4j.linalg.factory.Environment;
import org.nd4j.linalg.factory.Nd4j;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps ND4J's own operation threads to one per run while runs of a sweep train side by side, so that each run
 * is single-threaded and the cores go to parallel runs instead of to threads that fight over them.
 *
 * <p>What can be set and what it does, for the CPU backend of ND4J 1.0.0-M2.1 (libnd4j):
 * <ul>
 *   <li>{@code Environment.maxMasterThreads} — the number of threads an element-wise, pairwise or broadcast
 *       operation spreads over — set to 1 by a lease;</li>
 *   <li>OpenBLAS's thread count (GEMM, GEMV) — set to 1 by a lease;</li>
 *   <li>{@code Environment.maxThreads} — the size of libnd4j's thread pool, used by whole-array reductions (sum,
 *       norm, mean) and operations along a dimension — cannot be changed once ND4J is loaded
 *       ({@code setMaxThreads} does nothing in this release). It is read from the environment variable
 *       {@code OMP_NUM_THREADS} (or {@code SD_MAX_THREADS}) when the process starts: start the JVM with
 *       {@code OMP_NUM_THREADS=1} to make every ND4J operation single-threaded.</li>
 * </ul>
 * Results do not depend on what runs beside a run: libnd4j splits a reduction by its array length and by
 * {@code maxThreads}, both fixed within a process, whatever the other threads do (checked for sums, norms, means,
 * column sums and GEMV of FLOAT arrays up to 2·10⁵ elements from 4 concurrent threads). They can differ in the
 * last bits between processes whose {@code maxThreads} differ (machines with different core counts), so a sweep
 * spread over such machines gives bit-identical numbers only with {@code OMP_NUM_THREADS} set alike everywhere.
 * mto4j's own host kernels (mto-core) split J by P alone, so their results never depend on threads.
 *
 * <p>The settings are process-wide: the first {@link #singleThreaded()} lease saves the current values and sets 1,
 * the last lease to close restores them. Thread-safe.
 *
 * @since 0.1.0
 */
public final class Nd4jThreads {
    private static final Logger LOG = LoggerFactory.getLogger(Nd4jThreads.class);
    private static int leases;
    private static int savedMasterThreads;
    private static int savedBlasThreads;

    private Nd4jThreads() {
    }

    /** A lease on the single-threaded setting; closing it (once) gives the setting back. */
    public static final class Lease implements AutoCloseable {
        private boolean closed;

        private Lease() {
        }

        @Override
        public void close() {
            synchronized (Nd4jThreads.class) {
                if (closed) {
                    return;
                }
                closed = true;
                if (--leases == 0) {
                    Nd4j.getEnvironment().setMaxMasterThreads(savedMasterThreads);
                    blas().setMaxThreads(savedBlasThreads);
                    LOG.debug("ND4J threads restored: maxMasterThreads {}, BLAS {}", savedMasterThreads,
                            savedBlasThreads);
                }
            }
        }
    }

    /** Limits ND4J's element-wise operations and BLAS to one thread until every lease is closed. */
    public static Lease singleThreaded() {
        synchronized (Nd4jThreads.class) {
            if (leases++ == 0) {
                Environment env = Nd4j.getEnvironment();
                savedMasterThreads = env.maxMasterThreads();
                savedBlasThreads = blas().getMaxThreads();
                env.setMaxMasterThreads(1);
                blas().setMaxThreads(1);
                LOG.debug("ND4J limited to one thread per operation (was maxMasterThreads {}, BLAS {}; the pool of "
                        + "maxThreads {} is fixed at start-up by OMP_NUM_THREADS)", savedMasterThreads,
                        savedBlasThreads, env.maxThreads());
            }
            return new Lease();
        }
    }

    private static Blas blas() {
        return Nd4j.factory().blas();
    }
}
