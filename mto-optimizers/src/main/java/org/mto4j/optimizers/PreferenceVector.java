package org.mto4j.optimizers;

import java.util.Arrays;

/** The {@code pref_vector} option of ConFIG and Aligned-MTL: K finite values, or null for the method's default. */
final class PreferenceVector {

    private PreferenceVector() {
    }

    /** A checked copy, or null. */
    static double[] checked(double[] pref) {
        if (pref == null) {
            return null;
        }
        if (pref.length == 0) {
            throw new IllegalArgumentException("pref_vector must hold one value per task, got 0 values");
        }
        for (int i = 0; i < pref.length; i++) {
            if (!Double.isFinite(pref[i])) {
                throw new IllegalArgumentException("pref_vector must be finite, got pref_vector[" + i + "] = "
                        + pref[i] + " in " + Arrays.toString(pref));
            }
        }
        return pref.clone();
    }

    /** The vector for K tasks: {@code pref}, or K copies of {@code defaultValue} when pref is null. */
    static double[] forTasks(double[] pref, int k, double defaultValue, String method) {
        if (pref == null) {
            double[] w = new double[k];
            Arrays.fill(w, defaultValue);
            return w;
        }
        if (pref.length != k) {
            throw new IllegalArgumentException("pref_vector of '" + method + "' has " + pref.length
                    + " values but there are " + k + " tasks");
        }
        return pref.clone();
    }
}
