package org.mto4j.core;

import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The options a user passed to {@link Combiners#create(String, Map)}, with typed getters. Values may be given as
 * numbers, booleans, strings ("0.5", "true", "l2"), double arrays or lists of numbers. The method's constructor
 * validates the values; these getters only convert, and a value of the wrong type is an
 * {@code IllegalArgumentException} that names the method, the option and the value.
 *
 * @since 0.1.0
 */
public final class Options {

    private final String method;
    private final Map<String, Object> values;

    private Options(String method, Map<String, Object> values) {
        this.method = method;
        this.values = values;
    }

    /**
     * Validated options of one method.
     *
     * @param method  the method's registry name, for messages
     * @param values  the user's options (may be null: no options)
     * @param allowed the option names the method knows
     * @return the options, copied
     * @throws IllegalArgumentException naming the unknown options and listing the valid ones
     */
    public static Options of(String method, Map<String, ?> values, Set<String> allowed) {
        Map<String, Object> copy = new TreeMap<>();
        if (values != null) {
            Set<String> unknown = new TreeSet<>();
            for (Map.Entry<String, ?> e : values.entrySet()) {
                if (e.getKey() == null || !allowed.contains(e.getKey())) {
                    unknown.add(String.valueOf(e.getKey()));
                }
                copy.put(e.getKey(), e.getValue());
            }
            if (!unknown.isEmpty()) {
                throw new IllegalArgumentException("unknown option" + (unknown.size() > 1 ? "s " : " ") + unknown
                        + " for '" + method + "'; valid options are " + new TreeSet<>(allowed));
            }
        }
        return new Options(method, Collections.unmodifiableMap(copy));
    }

    /**
     * Whether the user set an option.
     *
     * @param name the option's name
     * @return true if the user set it to a non-null value
     */
    public boolean has(String name) {
        return values.containsKey(name) && values.get(name) != null;
    }

    /**
     * A number option: a {@link Number} or a string that parses as one.
     *
     * @param name         the option's name
     * @param defaultValue the value when unset
     * @return the value
     * @throws IllegalArgumentException naming the option, for a value of another type
     */
    public double getDouble(String name, double defaultValue) {
        Object v = values.get(name);
        if (v == null) {
            return defaultValue;
        }
        if (v instanceof Number) {
            return ((Number) v).doubleValue();
        }
        if (v instanceof String) {
            try {
                return Double.parseDouble(((String) v).trim());
            } catch (NumberFormatException e) {
                throw wrongType(name, v, "a number");
            }
        }
        throw wrongType(name, v, "a number");
    }

    /**
     * An integer option that fits an int, as {@link #getLong(String, long)}.
     *
     * @param name         the option's name
     * @param defaultValue the value when unset
     * @return the value
     * @throws IllegalArgumentException naming the option, for a value of another type or out of range
     */
    public int getInt(String name, int defaultValue) {
        long value = getLong(name, defaultValue);
        if (value < Integer.MIN_VALUE || value > Integer.MAX_VALUE) {
            throw wrongType(name, values.get(name), "an int");
        }
        return (int) value;
    }

    /**
     * An integer option: an integral {@link Number}, a double with an integer value, or a string that parses.
     *
     * @param name         the option's name
     * @param defaultValue the value when unset
     * @return the value
     * @throws IllegalArgumentException naming the option, for a value of another type
     */
    public long getLong(String name, long defaultValue) {
        Object v = values.get(name);
        if (v == null) {
            return defaultValue;
        }
        if (v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte) {
            return ((Number) v).longValue();
        }
        if (v instanceof Number) {
            double d = ((Number) v).doubleValue();
            if (d == Math.rint(d) && Math.abs(d) < 0x1p53) {
                return (long) d;
            }
            throw wrongType(name, v, "an integer");
        }
        if (v instanceof String) {
            try {
                return Long.parseLong(((String) v).trim());
            } catch (NumberFormatException e) {
                throw wrongType(name, v, "an integer");
            }
        }
        throw wrongType(name, v, "an integer");
    }

    /**
     * A boolean option: a {@link Boolean} or the string "true" or "false" (any case).
     *
     * @param name         the option's name
     * @param defaultValue the value when unset
     * @return the value
     * @throws IllegalArgumentException naming the option, for a value of another type
     */
    public boolean getBoolean(String name, boolean defaultValue) {
        Object v = values.get(name);
        if (v == null) {
            return defaultValue;
        }
        if (v instanceof Boolean) {
            return (Boolean) v;
        }
        if (v instanceof String) {
            String s = ((String) v).trim().toLowerCase(Locale.ROOT);
            if (s.equals("true") || s.equals("false")) {
                return s.equals("true");
            }
        }
        throw wrongType(name, v, "true or false");
    }

    /**
     * A string option: any value's {@code toString()}.
     *
     * @param name         the option's name
     * @param defaultValue the value when unset
     * @return the value
     */
    public String getString(String name, String defaultValue) {
        Object v = values.get(name);
        return v == null ? defaultValue : v.toString();
    }

    /**
     * An enum constant by name, ignoring case and treating '-' as '_' ("loss+" matches LOSS_PLUS only if named so).
     *
     * @param <E>          the enum type
     * @param name         the option's name
     * @param type         the enum's class
     * @param defaultValue the value when unset
     * @return the constant
     * @throws IllegalArgumentException naming the option and listing the valid values
     */
    public <E extends Enum<E>> E getEnum(String name, Class<E> type, E defaultValue) {
        Object v = values.get(name);
        if (v == null) {
            return defaultValue;
        }
        if (type.isInstance(v)) {
            return type.cast(v);
        }
        String wanted = v.toString().trim().replace('-', '_').replace("+", "_PLUS").toUpperCase(Locale.ROOT);
        for (E constant : type.getEnumConstants()) {
            if (constant.name().equals(wanted)) {
                return constant;
            }
        }
        Set<String> valid = new TreeSet<>();
        for (E constant : type.getEnumConstants()) {
            valid.add(constant.name().toLowerCase(Locale.ROOT).replace("_plus", "+").replace('_', '-'));
        }
        throw new IllegalArgumentException("option '" + name + "' of '" + method + "' must be one of " + valid
                + ", got '" + v + "'");
    }

    /**
     * A copy of a double array option, or {@code defaultValue} (which may be null) when unset.
     *
     * @param name         the option's name
     * @param defaultValue the value when unset; copied
     * @return a new array, or null
     * @throws IllegalArgumentException naming the option, for a value of another type
     */
    public double[] getDoubleArray(String name, double[] defaultValue) {
        Object v = values.get(name);
        if (v == null) {
            return defaultValue == null ? null : defaultValue.clone();
        }
        if (v instanceof double[]) {
            return ((double[]) v).clone();
        }
        if (v instanceof float[]) {
            float[] f = (float[]) v;
            double[] d = new double[f.length];
            for (int i = 0; i < f.length; i++) {
                d[i] = f[i];
            }
            return d;
        }
        if (v instanceof int[]) {
            return java.util.Arrays.stream((int[]) v).asDoubleStream().toArray();
        }
        if (v instanceof List) {
            List<?> list = (List<?>) v;
            double[] d = new double[list.size()];
            for (int i = 0; i < d.length; i++) {
                if (!(list.get(i) instanceof Number)) {
                    throw wrongType(name, v, "a list of numbers");
                }
                d[i] = ((Number) list.get(i)).doubleValue();
            }
            return d;
        }
        if (v instanceof String) {
            String s = ((String) v).trim();
            if (s.startsWith("[") && s.endsWith("]")) {
                s = s.substring(1, s.length() - 1);
            }
            try {
                return java.util.Arrays.stream(s.split("[,\\s]+")).filter(t -> !t.isEmpty())
                        .mapToDouble(Double::parseDouble).toArray();
            } catch (NumberFormatException e) {
                throw wrongType(name, v, "a list of numbers");
            }
        }
        throw wrongType(name, v, "a list of numbers");
    }

    private IllegalArgumentException wrongType(String name, Object value, String expected) {
        return new IllegalArgumentException("option '" + name + "' of '" + method + "' must be " + expected
                + ", got " + (value instanceof String ? "'" + value + "'" : String.valueOf(value))
                + (value == null ? "" : " (" + value.getClass().getSimpleName() + ")"));
    }

    @Override
    public String toString() {
        return method + values;
    }
}
