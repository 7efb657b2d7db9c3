package dev.flags.admin;

import static java.util.Objects.requireNonNull;

/**
 * One finding of the stale-flag report.
 *
 * @param key the flag key
 * @param reason why the flag is a cleanup candidate
 * @param detail the facts behind it, for example {@code review date 2026-01-31 passed}
 */
public record StaleFlag(String key, Reason reason, String detail) {

    /** Checks the components. */
    public StaleFlag {
        requireNonNull(key, "key");
        requireNonNull(reason, "reason");
        requireNonNull(detail, "detail");
    }

    /** Why a flag is reported. */
    public enum Reason {
        /** Its review-by date has passed and it is not archived. */
        REVIEW_DATE_PASSED,
        /** It is active and serves one variant to everyone, unchanged for longer than the policy allows. */
        SINGLE_VARIANT,
        /** It was not evaluated for longer than the policy allows. */
        NOT_EVALUATED,
        /** It is archived, yet code still evaluates it. */
        ARCHIVED_BUT_EVALUATED,
        /**
         * It is not archived, yet no code references it: no {@link CodeReferences} file of the
         * application's jars mentions it, and no other flag has it as a prerequisite. Flags read
         * only by front ends (OFREP) or from configuration appear here too.
         */
        NOT_REFERENCED_BY_CODE
    }
}
