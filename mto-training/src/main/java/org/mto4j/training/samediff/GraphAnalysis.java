package org.mto4j.training.samediff;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.Set;

import org.nd4j.autodiff.functions.DifferentialFunction;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.internal.SameDiffOp;
import org.nd4j.autodiff.samediff.internal.Variable;
import org.nd4j.linalg.api.ops.impl.loss.BaseLoss;

/** What a variable of a SameDiff graph depends on, and which ops are SameDiff's loss ops. */
final class GraphAnalysis {

    /** The package of every {@code sd.loss.*} op (their backward passes live in its {@code bp} sub-package). */
    static final String LOSS_OP_PACKAGE = BaseLoss.class.getPackageName();

    private GraphAnalysis() {
    }

    /** Every variable {@code name} depends on through op inputs, itself included. */
    static Set<String> ancestorVariables(SameDiff sd, String name) {
        Set<String> seen = new LinkedHashSet<>();
        Deque<String> todo = new ArrayDeque<>();
        todo.add(name);
        while (!todo.isEmpty()) {
            String v = todo.poll();
            if (!seen.add(v)) {
                continue;
            }
            SameDiffOp op = producer(sd, v);
            if (op != null && op.getInputsToOp() != null) {
                todo.addAll(op.getInputsToOp());
            }
        }
        return seen;
    }

    /** Every op {@code name} depends on, in no particular order. */
    static Set<String> ancestorOps(SameDiff sd, String name) {
        Set<String> ops = new LinkedHashSet<>();
        for (String v : ancestorVariables(sd, name)) {
            SameDiffOp op = producer(sd, v);
            if (op != null) {
                ops.add(op.getName());
            }
        }
        return ops;
    }

    private static SameDiffOp producer(SameDiff sd, String variable) {
        Variable v = sd.getVariables().get(variable);
        String opName = v == null ? null : v.getOutputOfOp();
        return opName == null ? null : sd.getOps().get(opName);
    }

    /**
     * True for SameDiff's loss ops ({@code sd.loss.*}): their backward pass does not use the gradient that comes
     * from above, it always acts as if the loss op's output were the loss itself.
     */
    static boolean isLossOp(DifferentialFunction op) {
        return op instanceof BaseLoss || LOSS_OP_PACKAGE.equals(op.getClass().getPackageName());
    }
}
