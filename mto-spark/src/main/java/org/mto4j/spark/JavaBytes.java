package org.mto4j.spark;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.NotSerializableException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.ObjectStreamClass;
import java.io.UncheckedIOException;

/**
 * Java serialization to and from bytes. Runs, outcomes and the training function cross the network as these bytes,
 * so what reaches a worker is exactly what the {@code Serializable} contracts of mto-training promise, whatever
 * {@code spark.serializer} a cluster is configured with (Kryo, for one, cannot rebuild Java's immutable lists).
 */
final class JavaBytes {
    private JavaBytes() {
    }

    /**
     * The Java serialization of {@code value}.
     *
     * @throws IllegalArgumentException if {@code value} (or something it holds) is not serializable; the message
     *                                  names the class
     */
    static byte[] of(Object value, String what) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(value);
        } catch (NotSerializableException e) {
            throw new IllegalArgumentException(what + " must be serializable to run on Spark, but it holds a "
                    + e.getMessage() + ", which is not (capture a path, a seed or serializable data instead)", e);
        } catch (IOException e) {
            throw new IllegalArgumentException(what + " could not be serialized: " + e, e);
        }
        return bytes.toByteArray();
    }

    /**
     * Rebuilds a value from {@link #of}'s bytes, resolving classes through the thread's context class loader
     * (on a Spark executor, the one that holds the application's jars).
     */
    static <T> T read(byte[] bytes, Class<T> type) {
        try (ObjectInputStream in = new ContextClassLoaderInput(new ByteArrayInputStream(bytes))) {
            return type.cast(in.readObject());
        } catch (IOException e) {
            throw new UncheckedIOException("could not read a " + type.getSimpleName(), e);
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("could not read a " + type.getSimpleName() + ": class " + e.getMessage()
                    + " is not on this JVM's class path (ship the application's jar to the executors)", e);
        }
    }

    private static final class ContextClassLoaderInput extends ObjectInputStream {
        ContextClassLoaderInput(InputStream in) throws IOException {
            super(in);
        }

        @Override
        protected Class<?> resolveClass(ObjectStreamClass desc) throws IOException, ClassNotFoundException {
            ClassLoader loader = Thread.currentThread().getContextClassLoader();
            if (loader == null) {
                return super.resolveClass(desc);
            }
            try {
                return Class.forName(desc.getName(), false, loader);
            } catch (ClassNotFoundException e) {
                return super.resolveClass(desc); // primitives and classes of the boot loader
            }
        }
    }
}
