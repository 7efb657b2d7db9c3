package dev.flags;

/** Why an evaluation failed; the names match OpenFeature's error codes. */
public enum ErrorCode {
    /** No flag has the requested key. */
    FLAG_NOT_FOUND,
    /** The flag's values are of another type than the one asked for. */
    TYPE_MISMATCH,
    /** A value could not be read (for example from a delegate provider). */
    PARSE_ERROR,
    /** The evaluation context was missing or unusable. */
    INVALID_CONTEXT,
    /** Anything else; the message says what. */
    GENERAL
}
