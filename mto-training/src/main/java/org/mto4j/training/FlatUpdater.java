package org.mto4j.training;

import java.util.ArrayList;
import java.util.List;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.GradientUpdater;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.regularization.Regularization;

/**
 * Any ND4J {@link IUpdater} (Sgd, Adam, Nesterovs, RmsProp, ...) with optional {@link Regularization}, applied once
 * to a flat gradient buffer, exactly as SameDiff's own training applies it to each variable.
 * <pre>
 *   lr = updater.getLearningRate(iteration, epoch)      (1 for updaters without one)
 *   g ← reg.apply(θ, g, lr)     for each regularization applied before the updater (L1, L2)
 *   g ← updater(g, iteration, epoch)                    (the updater's state advances)
 *   g ← reg.apply(θ, g, lr)     for each regularization applied after it (WeightDecay)
 *   θ ← θ − g
 * </pre>
 * Every ND4J updater and regularization is element-wise, so one application to the flat buffer equals one per
 * variable. AdamW is {@code new Adam(lr)} with {@code new WeightDecay(coefficient, true)} (decoupled weight decay
 * scaled by the learning rate), as in ND4J. Learning-rate schedules ({@code ISchedule}) see the iteration and
 * epoch passed to {@link #apply}.
 *
 * <p>The updater's state (Adam's moments, ...) lives in one array of {@code updater.stateSize(N)} values owned by
 * this object; {@link #state()} is that array (copy it to checkpoint, assign to it to restore).
 *
 * <p>Not thread-safe.
 *
 * @since 0.1.0
 */
public final class FlatUpdater {

    private final IUpdater config;
    private final List<Regularization> regularization;
    private final long numParams;
    private final DataType dataType;
    private final INDArray state;
    private final GradientUpdater<?> updater;

    /**
     * @param updater        the configuration (cloned)
     * @param regularization applied to every parameter (each cloned); may be empty
     * @param numParams      N, the length of the buffers {@link #apply} will get
     * @param dataType       FLOAT or DOUBLE, the buffers' type
     * @throws IllegalArgumentException for a null updater, null regularization, N &lt; 1 or another type
     */
    public FlatUpdater(IUpdater updater, List<? extends Regularization> regularization, long numParams,
                       DataType dataType) {
        if (updater == null) {
            throw new IllegalArgumentException("updater must not be null");
        }
        if (regularization == null) {
            throw new IllegalArgumentException("regularization must not be null (use List.of())");
        }
        if (numParams < 1) {
            throw new IllegalArgumentException("numParams must be >= 1, got " + numParams);
        }
        if (dataType != DataType.FLOAT && dataType != DataType.DOUBLE) {
            throw new IllegalArgumentException("dataType must be FLOAT or DOUBLE, got " + dataType);
        }
        this.config = updater.clone();
        List<Regularization> regs = new ArrayList<>();
        for (int i = 0; i < regularization.size(); i++) {
            Regularization r = regularization.get(i);
            if (r == null) {
                throw new IllegalArgumentException("regularization[" + i + "] must not be null");
            }
            regs.add(r.clone());
        }
        this.regularization = List.copyOf(regs);
        this.numParams = numParams;
        this.dataType = dataType;
        long stateSize = config.stateSize(numParams);
        // As SameDiff's training does: instantiate, then lay the state out for a gradient of this shape, zeroed.
        this.state = stateSize == 0 ? null : Nd4j.create(dataType, new long[] {1, stateSize}, 'c');
        this.updater = config.instantiate(state, false);
        this.updater.setStateViewArray(state, new long[] {numParams}, 'c', true);
    }

    /**
     * One update: turns {@code gradients} into the step (regularization, updater) and subtracts it from
     * {@code params}.
     *
     * @param params    θ, N elements, updated in place
     * @param gradients g, N elements in θ's layout; overwritten with the step that was subtracted
     * @param iteration the number of updates done before this one (ND4J's iteration count)
     * @param epoch     the number of epochs finished
     * @throws IllegalArgumentException if either buffer does not have N elements of the right type
     */
    public void apply(INDArray params, INDArray gradients, int iteration, int epoch) {
        check(params, "params");
        check(gradients, "gradients");
        double lr = config.hasLearningRate() ? config.getLearningRate(iteration, epoch) : 1.0;
        for (Regularization r : regularization) {
            if (r.applyStep() == Regularization.ApplyStep.BEFORE_UPDATER) {
                r.apply(params, gradients, lr, iteration, epoch);
            }
        }
        updater.applyUpdater(gradients, iteration, epoch);
        for (Regularization r : regularization) {
            if (r.applyStep() == Regularization.ApplyStep.POST_UPDATER) {
                r.apply(params, gradients, lr, iteration, epoch);
            }
        }
        params.subi(gradients);
    }

    private void check(INDArray array, String name) {
        if (array == null) {
            throw new IllegalArgumentException(name + " must not be null");
        }
        if (array.length() != numParams || array.rank() != 1) {
            throw new IllegalArgumentException(name + " must be a vector of " + numParams + " elements, got shape "
                    + java.util.Arrays.toString(array.shape()));
        }
        if (array.dataType() != dataType) {
            throw new IllegalArgumentException(name + " must be " + dataType + ", got " + array.dataType());
        }
    }

    /** The updater's state array (1 x stateSize), or null for updaters without state (Sgd, NoOp). */
    public INDArray state() {
        return state;
    }

    /** A copy of the updater configuration. */
    public IUpdater updater() {
        return config.clone();
    }

    /** The regularization applied to every parameter. */
    public List<Regularization> regularization() {
        return regularization;
    }

    @Override
    public String toString() {
        return "FlatUpdater[" + config + ", " + regularization + ", N=" + numParams + "]";
    }
}
