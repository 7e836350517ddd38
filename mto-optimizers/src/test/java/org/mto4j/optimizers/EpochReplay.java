package org.mto4j.optimizers;

import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.mto4j.core.GradientCombiner;
import org.mto4j.core.TaskLosses;

/**
 * Replays a reference file's per-epoch state (the {@code S} lines: LibMTL's {@code epoch} and, for DWA, its
 * {@code train_loss_buffer}) through {@code endEpoch}, the call a training loop makes: before a step recorded in epoch
 * e, every epoch the combiner has not ended yet (those from the previous step's epoch on) is ended, with the column of
 * {@code train_loss_buffer} when the file gives one, else with the mean of the losses of the case's steps recorded in
 * that epoch (STCH's nadir is the mean loss of its last warm-up epoch, as LibMTL averages it); an epoch without
 * recorded steps gets the previous step's losses (only the nadir epoch's values matter, and it always has a step).
 */
final class EpochReplay {

    /** The hook for {@link ReferenceFidelityTest}'s rows. */
    static final ReferenceFidelityTest.StateHook HOOK = EpochReplay::replay;

    private static final Pattern EPOCH = Pattern.compile("\"epoch\"\\s*:\\s*(\\d+)");
    private static final Pattern BUFFER = Pattern.compile("\"train_loss_buffer\"\\s*:\\s*\\[(.*)\\]\\s*[,}]");

    private EpochReplay() {
    }

    static void replay(GradientCombiner combiner, ReferenceVectors.Case c, int step) {
        int epoch = epoch(c, step);
        double[][] buffer = buffer(c.steps().get(step).stateJson());
        for (int ended = step == 0 ? 0 : epoch(c, step - 1); ended < epoch; ended++) {
            double[] mean;
            if (buffer != null) {
                mean = new double[buffer.length];
                for (int i = 0; i < buffer.length; i++) {
                    mean[i] = buffer[i][ended];
                }
            } else {
                mean = meanLossOfEpoch(c, step, ended);
            }
            combiner.endEpoch(TaskLosses.of(mean));
        }
    }

    private static int epoch(ReferenceVectors.Case c, int step) {
        String json = c.steps().get(step).stateJson();
        Matcher m = EPOCH.matcher(json == null ? "" : json);
        if (!m.find()) {
            throw new IllegalStateException(c.id() + " step " + step + ": no epoch in its state " + json);
        }
        return Integer.parseInt(m.group(1));
    }

    /** The mean losses of the steps before {@code step} recorded in {@code epoch}, or the previous step's. */
    private static double[] meanLossOfEpoch(ReferenceVectors.Case c, int step, int epoch) {
        double[] sum = null;
        int count = 0;
        for (int s = 0; s < step; s++) {
            if (epoch(c, s) == epoch) {
                double[] l = c.steps().get(s).losses();
                sum = sum == null ? l.clone() : add(sum, l);
                count++;
            }
        }
        if (count == 0) {
            return c.steps().get(Math.max(0, step - 1)).losses().clone();
        }
        for (int i = 0; i < sum.length; i++) {
            sum[i] /= count;
        }
        return sum;
    }

    private static double[] add(double[] x, double[] y) {
        for (int i = 0; i < x.length; i++) {
            x[i] += y[i];
        }
        return x;
    }

    private static double[][] buffer(String json) {
        Matcher m = BUFFER.matcher(json == null ? "" : json);
        if (!m.find()) {
            return null;
        }
        String[] rows = m.group(1).replace(" ", "").split("\\],\\[");
        double[][] buffer = new double[rows.length][];
        for (int i = 0; i < rows.length; i++) {
            buffer[i] = Arrays.stream(rows[i].replace("[", "").replace("]", "").split(","))
                    .mapToDouble(Double::parseDouble).toArray();
        }
        return buffer;
    }
}
