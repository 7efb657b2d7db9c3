package dev.flags.store;

/** What a change or audit entry is about. */
public enum EntityKind {
    /** A flag. */
    FLAG("Flag"),
    /** A segment. */
    SEGMENT("Segment");

    private final String noun;

    EntityKind(String noun) {
        this.noun = noun;
    }

    /**
     * Names one entity of this kind at the start of a message.
     *
     * @param key the key
     * @return for example {@code Flag 'checkout'}
     */
    public String named(String key) {
        return noun + " '" + key + "'";
    }
}
