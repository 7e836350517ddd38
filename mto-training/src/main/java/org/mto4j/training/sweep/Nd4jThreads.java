package org.mto4j.training.sweep;

import org.nd4j.linalg.api.blas.Blas;
import org.nd4j.linalg.factory.Environment;
import org.nd4j.linalg.factory.Nd4j;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps ND4J's own operation threads to one while runs of a sweep train side by side, so that each run is
 * single-threaded and its numbers do not depend on what runs beside it.
 *
 * <p>Why this matters: the CPU backend (libnd4j) splits a large operation over up to {@code maxMasterThreads} /
 * {@code maxThreads} threads, but only when it can take them from its shared pool at that moment; when they are
 * busy (another run is inside an operation) it runs the operation on the calling thread with a different split.
 * A reduction split differently adds its partial sums in a different order, so without a limit a parallel sweep
 * could differ from a sequential one in the last bits, and several runs would each spread over every core. With
 * both limits at 1 every operation runs on its caller's thread in one piece. OpenBLAS (GEMM) is limited to one
 * thread as well.
 *
 * <p>The limits are process-wide ND4J settings: the first {@link #singleThreaded()} lease saves the current
 * values and sets 1, the last lease to close restores them. mto4j's own host kernels (mto-core) are unaffected and
 * need not be: they split the columns of J by P alone, so their results are the same whatever runs beside them.
 *
 * <p>Thread-safe.
 *
 * @since 0.1.0
 */
public final class Nd4jThreads {
    private static final Logger LOG = LoggerFactory.getLogger(Nd4jThreads.class);
    private static int leases;
    private static int savedMaxThreads;
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
                    Environment env = Nd4j.getEnvironment();
                    env.setMaxThreads(savedMaxThreads);
                    env.setMaxMasterThreads(savedMasterThreads);
                    blas().setMaxThreads(savedBlasThreads);
                    LOG.debug("ND4J threads restored: maxThreads {}, maxMasterThreads {}, BLAS {}", savedMaxThreads,
                            savedMasterThreads, savedBlasThreads);
                }
            }
        }
    }

    /** Limits ND4J to one thread per operation until the returned lease (and every other one) is closed. */
    public static Lease singleThreaded() {
        synchronized (Nd4jThreads.class) {
            if (leases++ == 0) {
                Environment env = Nd4j.getEnvironment();
                savedMaxThreads = env.maxThreads();
                savedMasterThreads = env.maxMasterThreads();
                savedBlasThreads = blas().getMaxThreads();
                env.setMaxThreads(1);
                env.setMaxMasterThreads(1);
                blas().setMaxThreads(1);
                LOG.debug("ND4J limited to one thread per operation (was maxThreads {}, maxMasterThreads {}, BLAS {})",
                        savedMaxThreads, savedMasterThreads, savedBlasThreads);
            }
            return new Lease();
        }
    }

    private static Blas blas() {
        return Nd4j.factory().blas();
    }
}
