package dev.edgeperf.pools;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.apache.commons.pool2.BasePooledObjectFactory;
import org.apache.commons.pool2.PooledObject;
import org.apache.commons.pool2.impl.DefaultPooledObject;
import org.apache.commons.pool2.impl.GenericObjectPool;
import org.apache.commons.pool2.impl.GenericObjectPoolConfig;
import org.jspecify.annotations.Nullable;

/**
 * {@link ObjectPool}'s use of Apache Commons Pool 2, kept out of ObjectPool's own code: loading ObjectPool must
 * not need Commons Pool (the verifier would load its types to check the factory's), so that, Commons Pool being
 * an optional dependency, {@link ObjectPool#builder} can say what is missing instead of failing with a
 * {@link NoClassDefFoundError}. Stateless.
 */
final class CommonsPools {
    private CommonsPools() {
    }

    /** The Commons Pool behind a pool that {@code b} configures. */
    static <T> GenericObjectPool<T> create(ObjectPoolBuilder<T> b, LongAdder failedValidation) {
        GenericObjectPoolConfig<T> config = new GenericObjectPoolConfig<>();
        int maxTotal = b.maxTotal == null ? ObjectPool.DEFAULT_MAX_TOTAL : b.maxTotal;
        config.setMaxTotal(maxTotal);
        config.setMaxIdle(b.maxIdle == null ? maxTotal : b.maxIdle);
        config.setMaxWait(b.maxWait == null ? ObjectPool.DEFAULT_MAX_WAIT : b.maxWait);
        config.setBlockWhenExhausted(true);
        config.setTestOnBorrow(b.validate != null);
        config.setTestOnReturn(b.validate != null);
        config.setJmxEnabled(false);
        Duration idle = b.evictAfterIdle == null ? ObjectPool.DEFAULT_EVICT_AFTER_IDLE : b.evictAfterIdle;
        if (!idle.isZero()) {
            config.setMinEvictableIdleDuration(idle);
            config.setTimeBetweenEvictionRuns(idle.dividedBy(2));
            config.setNumTestsPerEvictionRun(-1);
            // close() waits this long for Commons Pool's shared evictor thread to stop (default 10 s).
            config.setEvictorShutdownTimeout(Duration.ofMillis(200));
        }
        return new GenericObjectPool<>(new Factory<>(b, failedValidation), config);
    }

    /** Adapts the builder's hooks to Commons Pool. */
    private static final class Factory<T> extends BasePooledObjectFactory<T> {
        private final ObjectFactory<T> create;
        private final @Nullable Consumer<? super T> reset;
        private final @Nullable Predicate<? super T> validate;
        private final @Nullable Consumer<? super T> destroy;
        private final LongAdder failedValidation;

        Factory(ObjectPoolBuilder<T> b, LongAdder failedValidation) {
            this.create = b.factory;
            this.reset = b.reset;
            this.validate = b.validate;
            this.destroy = b.destroy;
            this.failedValidation = failedValidation;
        }

        @Override
        public T create() throws Exception {
            return Objects.requireNonNull(create.create(), "the ObjectFactory returned null");
        }

        @Override
        public PooledObject<T> wrap(T object) {
            return new DefaultPooledObject<>(object);
        }

        @Override
        public void passivateObject(PooledObject<T> p) {
            if (reset != null) {
                reset.accept(p.getObject());
            }
        }

        @Override
        public boolean validateObject(PooledObject<T> p) {
            boolean valid = validate == null || validate.test(p.getObject());
            if (!valid) {
                failedValidation.increment();
            }
            return valid;
        }

        @Override
        public void destroyObject(PooledObject<T> p) {
            if (destroy != null) {
                destroy.accept(p.getObject());
            }
        }
    }
}
