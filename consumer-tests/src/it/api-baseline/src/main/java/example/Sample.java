package example;

/** A class whose API the api-* projects change. */
public final class Sample {
    /** Made by callers. */
    public Sample() {
    }

    /**
     * Kept in every version.
     *
     * @return 1
     */
    public int kept() {
        return 1;
    }

    /**
     * Removed in 0.1.1, a break a patch release may not make.
     *
     * @return 2
     */
    public int removed() {
        return 2;
    }
}
