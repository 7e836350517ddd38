package org.mto4j.training.samediff;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.nd4j.autodiff.functions.DifferentialFunction;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.VariableType;
import org.nd4j.autodiff.samediff.internal.SameDiffOp;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ops.impl.controlflow.compat.StopGradient;

/**
 * Turns a copy of the user's graph into one whose loss is Σ wᵢ Lᵢ, each wᵢ a scalar placeholder, such that ONE
 * backward pass gives Σ wᵢ ∇Lᵢ, where ∇Lᵢ is exactly the gradient SameDiff computes for task i on its own.
 *
 * <p>The trap: SameDiff's loss ops ({@code sd.loss.*}) ignore the gradient that comes from above. Their backward
 * pass always acts as if upstream were 1, so in {@code w0*L0 + w1*L1} a loss op drops wᵢ and the task trains as if
 * its weight were 1. Basic ops (mul, sum, mean, ...) pass the upstream gradient on. The fix works for any mix:
 * <pre>
 *   total = Σᵢ wᵢ · sum(Lᵢ)                       (basic ops carry wᵢ into everything that uses the upstream)
 *   for every loss op ℓ on the path of the tasks T(ℓ), s = Σ_{i ∈ T(ℓ)} wᵢ, and every input x of ℓ that can
 *   carry a gradient:
 *     x used by ℓ alone:   in the gradient function, ∂/∂x (what ℓ's backward pass sends to x) ← s · ∂/∂x
 *     x used elsewhere too: ℓ reads x' = sg(x) + s·(x − sg(x)) instead of x    (sg = stop-gradient)
 * </pre>
 * The first form costs one multiply per input; it is what nearly every model takes (predictions feed the loss op
 * only). The second keeps every forward value bit for bit (x − sg(x) is exactly 0), and ∂x'/∂x = s scales only
 * what ℓ sends to x, not what x's other users send. SameDiff's own per-task gradient of Lᵢ counts each loss op on
 * the path once with upstream 1, so both give Σᵢ wᵢ ∇Lᵢ: a loss op contributes Σ_{i ∈ T(ℓ)} wᵢ times its backward
 * pass, every other op its wᵢ-weighted share. Tested against K separate passes, to 1e-12, for {@code sd.loss.*}
 * losses with several reductions, losses from basic ops, mixtures, and a loss op whose input is used elsewhere.
 */
final class WeightedLossGraph {

    private WeightedLossGraph() {
    }

    /**
     * Rewrites {@code graph} (a copy the caller owns), sets Σ wᵢ Lᵢ as its loss, builds its gradient function and
     * scales the loss ops' backward outputs in it.
     *
     * @return the names of the K scalar weight placeholders, in task order
     */
    static List<String> build(SameDiff graph, List<String> lossNames, DataType dataType) {
        int k = lossNames.size();
        List<String> weightNames = new ArrayList<>();
        SDVariable[] taskWeight = new SDVariable[k];
        for (int i = 0; i < k; i++) {
            taskWeight[i] = graph.placeHolder(unique(graph, "mto4j_task_weight_" + i), dataType);
            weightNames.add(taskWeight[i].name());
        }
        // Loss op name -> the inputs whose gradient is scaled in the gradient function, with the tasks' weights.
        Map<String, SDVariable> scaledInGradient = new LinkedHashMap<>();
        Map<String, List<String>> inputsToScale = new LinkedHashMap<>();
        for (Map.Entry<String, Set<Integer>> e : lossOps(graph, lossNames).entrySet()) {
            SDVariable scale = null;
            for (int i : e.getValue()) {
                scale = scale == null ? taskWeight[i] : scale.add(taskWeight[i]);
            }
            DifferentialFunction op = graph.getOps().get(e.getKey()).getOp();
            SDVariable[] args = op.args();
            for (int a = 0; a < args.length; a++) {
                SDVariable x = args[a];
                if (!carriesGradient(x)) {
                    continue;
                }
                if (x.getVariableType() == VariableType.ARRAY && onlyConsumer(graph, x.name(), e.getKey())) {
                    inputsToScale.computeIfAbsent(e.getKey(), o -> new ArrayList<>()).add(x.name());
                    scaledInGradient.put(e.getKey() + "/" + x.name(), scale);
                } else {
                    SDVariable stopped = new StopGradient(graph, x).outputVariable();
                    graph.replaceArgFor(a, stopped.add(x.sub(stopped).mul(scale)), op);
                }
            }
        }
        SDVariable total = null;
        for (int i = 0; i < k; i++) {
            SDVariable term = taskWeight[i].mul(graph.getVariable(lossNames.get(i)).sum());
            total = total == null ? term : total.add(term);
        }
        total = total.rename(unique(graph, "mto4j_weighted_loss"));
        graph.setLossVariables(total.name());
        QuietGradients.createGradFunction(graph);
        SameDiff gradient = graph.getFunction("grad");
        for (Map.Entry<String, List<String>> e : inputsToScale.entrySet()) {
            for (String x : e.getValue()) {
                scaleGradient(gradient, x, scaledInGradient.get(e.getKey() + "/" + x).name());
            }
        }
        return List.copyOf(weightNames);
    }

    private static boolean carriesGradient(SDVariable x) {
        VariableType type = x.getVariableType();
        return (type == VariableType.ARRAY || type == VariableType.VARIABLE) && x.dataType().isFPType();
    }

    private static boolean onlyConsumer(SameDiff graph, String variable, String op) {
        List<String> consumers = graph.getVariables().get(variable).getInputsForOp();
        return consumers != null && new LinkedHashSet<>(consumers).equals(Set.of(op));
    }

    /**
     * In the gradient function, multiplies ∂/∂x by the named scale: a new multiply, and every op that read ∂/∂x
     * reads the product instead. With x used by one loss op alone, ∂/∂x is exactly that op's backward output.
     */
    private static void scaleGradient(SameDiff gradient, String x, String scaleName) {
        SDVariable dx = gradient.getVariable(x).getGradient();
        if (dx == null) {
            return; // nothing trainable upstream of x: no gradient flows through it
        }
        List<String> readers = new ArrayList<>(gradient.getVariables().get(dx.name()).getInputsForOp() == null
                ? List.of() : gradient.getVariables().get(dx.name()).getInputsForOp());
        SDVariable scaled = dx.mul(gradient.getVariable(scaleName));
        for (String reader : readers) {
            SameDiffOp op = gradient.getOps().get(reader);
            List<String> inputs = op.getInputsToOp();
            for (int a = 0; a < inputs.size(); a++) {
                if (inputs.get(a).equals(dx.name())) {
                    gradient.replaceArgFor(a, scaled, op.getOp());
                }
            }
        }
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

    private static String unique(SameDiff graph, String base) {
        String name = base;
        for (int n = 1; graph.hasVariable(name); n++) {
            name = base + "_" + n;
        }
        return name;
    }
}
