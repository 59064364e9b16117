package dev.edgeperf.resilience;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import org.junit.jupiter.api.Test;

/**
 * Caffeine is an optional dependency: only {@link KeyedRateLimiter} uses it, and without it its builder says
 * what to add. Shown on edgeperf-resilience's own classes loaded again by a class loader that hides Caffeine.
 */
class OptionalDependencyTest {
    /** Defines dev.edgeperf.resilience classes itself and refuses Caffeine's; the rest from its parent. */
    private static final class WithoutCaffeine extends ClassLoader {
        WithoutCaffeine() {
            super(OptionalDependencyTest.class.getClassLoader());
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            synchronized (getClassLoadingLock(name)) {
                if (name.startsWith("com.github.benmanes.caffeine.")) {
                    throw new ClassNotFoundException(name + " is hidden by the test");
                }
                if (!name.startsWith("dev.edgeperf.resilience.")) {
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

    @Test
    void aKeyedRateLimiterWithoutCaffeineNamesWhatToAdd() throws Exception {
        Method builder = new WithoutCaffeine().loadClass("dev.edgeperf.resilience.KeyedRateLimiter").getMethod("builder",
                String.class);
        InvocationTargetException e = assertThrows(InvocationTargetException.class, () -> builder.invoke(null, "logins"));
        IllegalStateException refusal = assertInstanceOf(IllegalStateException.class, e.getCause());
        assertTrue(refusal.getMessage().startsWith("KeyedRateLimiter needs com.github.ben-manes.caffeine:caffeine"),
                refusal.getMessage());
    }
}
