package dev.edgeperf.pools;

/**
 * Creates the objects of an {@link ObjectPool}, for example {@code () -> MessageDigest.getInstance("SHA-256")}.
 * May throw any exception; {@link ObjectPool#borrow()} reports it as an {@link IllegalStateException}.
 *
 * @param <T> the pooled type
 *
 * @since 0.1.0
 */
@FunctionalInterface
public interface ObjectFactory<T> {
    /**
     * Creates a new object; never returns null.
     *
     * @return a new object
     * @throws Exception if it cannot be made; the borrow fails with it
     */
    T create() throws Exception;
}
