package dev.edgeperf.pools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;

/**
 * Commons Pool 2 is an optional dependency: a user of the buffer pool alone does not carry it, and a user of
 * {@link ObjectPool} without it is told what to add. Shown on edgeperf-pools' own classes loaded again by a
 * class loader that hides Commons Pool, as a build without it would.
 */
class OptionalDependencyTest {
    /** Defines dev.edgeperf.pools classes itself and refuses org.apache.commons.pool2; the rest from its parent. */
    private static final class WithoutCommonsPool extends ClassLoader {
        WithoutCommonsPool() {
            super(OptionalDependencyTest.class.getClassLoader());
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            synchronized (getClassLoadingLock(name)) {
                if (name.startsWith("org.apache.commons.pool2.")) {
                    throw new ClassNotFoundException(name + " is hidden by the test");
                }
                if (!name.startsWith("dev.edgeperf.pools.")) {
                    return super.loadClass(name, resolve);
                }
                Class<?> c = findLoadedClass(name);
                if (c == null) {
                    try (InputStream in = getParent().getResourceAsStream(name.replace('.', '/') + ".class")) {
                        if (in == null) {
                            throw new ClassNotFoundException(name);
                        }
                        byte[] bytes = in.readAllBytes();
                        c = defineClass(name, bytes, 0, bytes.length);
                    } catch (IOException e) {
                        throw new ClassNotFoundException(name, e);
                    }
                }
                return c;
            }
        }
    }

    /** Code of a user's, calling the builder as compiled code does (no reflection over ObjectPool's methods). */
    public static final class UsesObjectPool implements Callable<Object> {
        @Override
        public Object call() {
            return ObjectPool.builder(StringBuilder::new);
        }
    }

    @Test
    void anObjectPoolWithoutCommonsPoolNamesWhatToAdd() throws Exception {
        @SuppressWarnings("unchecked")
        Callable<Object> user = (Callable<Object>) new WithoutCommonsPool().loadClass(UsesObjectPool.class.getName())
                .getDeclaredConstructor().newInstance();
        IllegalStateException refusal = assertThrows(IllegalStateException.class, user::call);
        assertTrue(refusal.getMessage().startsWith("ObjectPool needs org.apache.commons:commons-pool2 (2.12 or later) on"
                + " the class path"), refusal.getMessage());
    }

    @Test
    void aBufferPoolNeedsNoCommonsPool() throws Exception {
        ClassLoader loader = new WithoutCommonsPool();
        Class<?> bufferPool = loader.loadClass("dev.edgeperf.pools.BufferPool");
        Object builder = bufferPool.getMethod("heap").invoke(null);
        try (AutoCloseable pool = (AutoCloseable) builder.getClass().getMethod("build").invoke(builder)) {
            assertEquals(bufferPool, pool.getClass());
        }
    }
}
