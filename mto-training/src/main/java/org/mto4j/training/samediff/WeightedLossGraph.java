package org.mto4j.training.samediff;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.nd4j.autodiff.functions.DifferentialFunction;
import org.nd4j.autodiff.samediff.SDIndex;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.VariableType;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ops.impl.controlflow.compat.StopGradient;

/**
 * Turns a copy of the user's graph into one whose loss is Σ wᵢ Lᵢ with w a placeholder, such that ONE backward
 * pass gives Σ wᵢ ∇Lᵢ, where ∇Lᵢ is exactly the gradient SameDiff computes for task i on its own.
 *
 * <p>The trap: SameDiff's loss ops ({@code sd.loss.*}) ignore the gradient that comes from above. Their backward
 * pass always acts as if upstream were 1, so in {@code w0*L0 + w1*L1} a loss op drops wᵢ and the task trains as if
 * its weight were 1. Basic ops (mul, sum, mean, ...) do pass the upstream gradient on. The fix here works for any
 * mix of both:
 * <pre>
 *   total = Σᵢ wᵢ · sum(Lᵢ)                                  (basic ops carry wᵢ into everything upstream-aware)
 *   for every loss op ℓ on the path of the tasks T(ℓ), for every input x of ℓ that can carry a gradient:
 *       x' = sg(x) + s·(x − sg(x)),   s = Σ_{i ∈ T(ℓ)} wᵢ     (sg = stop-gradient)
 *       and ℓ reads x' instead of x
 * </pre>
 * Forward: x − sg(x) is exactly 0 and sg(x) + 0 is exactly x, so every value in the graph is unchanged, bit for bit.
 * Backward: ∂x'/∂x = s, so what ℓ sends into x is scaled by s, whatever ℓ did with its upstream gradient. SameDiff's
 * own per-task gradient of Lᵢ counts each loss op on the path once with upstream 1, so the weighted pass gives
 * Σᵢ wᵢ ∇Lᵢ: the scaled loss op contributes Σ_{i ∈ T(ℓ)} wᵢ times its backward pass, every other op
 * contributes its wᵢ-weighted share through the upstream gradient. Tested against K separate passes, for
 * {@code sd.loss.*} losses with every reduction, for basic-op losses, and for mixtures.
 */
final class WeightedLossGraph {

    private WeightedLossGraph() {
    }

    /**
     * Rewrites {@code graph} (a copy the caller owns) and sets Σ wᵢ Lᵢ as its loss.
     *
     * @return the name of the weight placeholder (shape [K], the parameters' type)
     */
    static String rewrite(SameDiff graph, List<String> lossNames, DataType dataType) {
        int k = lossNames.size();
        SDVariable weights = graph.placeHolder(unique(graph, "mto4j_task_weights"), dataType, k);
        SDVariable[] taskWeight = new SDVariable[k];
        for (int i = 0; i < k; i++) {
            taskWeight[i] = weights.get(SDIndex.point(i));
        }
        for (Map.Entry<String, Set<Integer>> e : lossOps(graph, lossNames).entrySet()) {
            SDVariable scale = null;
            for (int i : e.getValue()) {
                scale = scale == null ? taskWeight[i] : scale.add(taskWeight[i]);
            }
            scaleGradientsOfInputs(graph, graph.getOps().get(e.getKey()).getOp(), scale);
        }
        SDVariable total = null;
        for (int i = 0; i < k; i++) {
            SDVariable term = taskWeight[i].mul(graph.getVariable(lossNames.get(i)).sum());
            total = total == null ? term : total.add(term);
        }
        total = total.rename(unique(graph, "mto4j_weighted_loss"));
        graph.setLossVariables(total.name());
        return weights.name();
    }

    /** The name of each loss op on the path of some task loss, with the tasks whose loss depends on it. */
    static Map<String, Set<Integer>> lossOps(SameDiff graph, List<String> lossNames) {
        Map<String, Set<Integer>> found = new LinkedHashMap<>();
        for (int i = 0; i < lossNames.size(); i++) {
            for (String opName : GraphAnalysis.ancestorOps(graph, lossNames.get(i))) {
                if (GraphAnalysis.isLossOp(graph.getOps().get(opName).getOp())) {
                    found.computeIfAbsent(opName, o -> new LinkedHashSet<>()).add(i);
                }
            }
        }
        return found;
    }

    private static void scaleGradientsOfInputs(SameDiff graph, DifferentialFunction op, SDVariable scale) {
        SDVariable[] args = op.args();
        List<Integer> positions = new ArrayList<>();
        for (int a = 0; a < args.length; a++) {
            VariableType type = args[a].getVariableType();
            if ((type == VariableType.ARRAY || type == VariableType.VARIABLE) && args[a].dataType().isFPType()) {
                positions.add(a);
            }
        }
        for (int a : positions) {
            SDVariable x = args[a];
            SDVariable stopped = new StopGradient(graph, x).outputVariable();
            SDVariable scaled = stopped.add(x.sub(stopped).mul(scale));
            graph.replaceArgFor(a, scaled, op);
        }
    }

    private static String unique(SameDiff graph, String base) {
        String name = base;
        for (int n = 1; graph.hasVariable(name); n++) {
            name = base + "_" + n;
        }
        return name;
    }
}
