package dev.flags.store;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * The instances that follow one store, as one of them sees them: each with the sequence it last
 * applied, its lag against the store's head and when it last reported, marked when behind or
 * silent. Built by {@link FollowingSource#fleet()}.
 *
 * @param store the store's name
 * @param head the store's head when listed (or, when it could not be read, the last head seen)
 * @param listedAt when the listing was made
 * @param silentAfter how long without a report makes an instance {@link State#SILENT}
 * @param goneAfter how long without a report makes an instance gone: it is no longer listed and
 *     its report is deleted
 * @param instances every instance that reported within {@code goneAfter}, ordered by id; this
 *     instance always, marked {@link Member#self()}, and after it another instance that reports
 *     under the same id, when one does ({@link #sharedIds()})
 * @param error why the store's list could not be read (only this instance is listed then), or
 *     {@code null}
 */
public record Fleet(
        String store,
        long head,
        Instant listedAt,
        Duration silentAfter,
        Duration goneAfter,
        List<Member> instances,
        @Nullable String error) {

    /** Copies the components. */
    public Fleet {
        requireNonNull(store, "store");
        requireNonNull(listedAt, "listedAt");
        requireNonNull(silentAfter, "silentAfter");
        requireNonNull(goneAfter, "goneAfter");
        instances = List.copyOf(instances);
    }

    /** How many listed instances are not {@link State#CURRENT}. */
    public long lagging() {
        long count = 0;
        for (Member member : instances) {
            if (member.state() != State.CURRENT) {
                count++;
            }
        }
        return count;
    }

    /**
     * The ids under which more than one instance reports: this instance's, when the store holds a
     * report under it that this instance did not write. Their reports overwrite each other, so the
     * listing shows only the last one besides this instance; each instance needs its own id.
     *
     * @return the shared ids, ordered, usually none
     */
    public List<String> sharedIds() {
        Set<String> seen = new HashSet<>();
        TreeSet<String> shared = new TreeSet<>();
        for (Member member : instances) {
            if (!seen.add(member.id())) {
                shared.add(member.id());
            }
        }
        return List.copyOf(shared);
    }

    /** Where a listed instance stands. */
    public enum State {
        /** Reported recently and had applied the head as it is now. */
        CURRENT,
        /** Reported recently, but had not applied every change up to the head as it is now. */
        BEHIND,
        /** Has not reported for longer than {@link Fleet#silentAfter()}: cut off, stuck or stopped. */
        SILENT
    }

    /**
     * One instance in the listing.
     *
     * @param id the instance's id
     * @param host the host it runs on
     * @param applied the last sequence it applied, as it reported
     * @param lag how many changes the head is ahead of {@code applied}
     * @param lastSeen when it last reported (this instance: now)
     * @param started when its follower started
     * @param state current, behind or silent
     * @param self whether this is the instance that made the listing
     */
    public record Member(
            String id,
            String host,
            long applied,
            long lag,
            Instant lastSeen,
            Instant started,
            State state,
            boolean self) {

        /** Checks the components. */
        public Member {
            requireNonNull(id, "id");
            requireNonNull(host, "host");
            requireNonNull(lastSeen, "lastSeen");
            requireNonNull(started, "started");
            requireNonNull(state, "state");
        }
    }
}
