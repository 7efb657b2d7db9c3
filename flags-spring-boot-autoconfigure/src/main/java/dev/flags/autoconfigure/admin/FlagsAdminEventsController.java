package dev.flags.autoconfigure.admin;

import dev.flags.admin.Actor;
import dev.flags.admin.FlagAdmin;
import dev.flags.autoconfigure.admin.FlagsAdminController.UnauthenticatedRequestException;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * {@code GET .../events}: the admin API's change stream as server-sent events (see
 * {@link FlagsAdminEvents}), for callers that may read flags. When {@code flags.admin.events.max-streams}
 * are open, or the application is shutting down, a new stream is refused with 503 Problem Details
 * and {@code Retry-After}; the console then polls instead.
 */
@RestController
@RequestMapping("${flags.admin.base-path:/flags-admin/api}")
final class FlagsAdminEventsController {

    private final FlagsAdminEvents events;

    private final FlagAdmin admin;

    private final FlagsAdminActorResolver actors;

    FlagsAdminEventsController(FlagsAdminEvents events, FlagAdmin admin, FlagsAdminActorResolver actors) {
        this.events = events;
        this.admin = admin;
        this.actors = actors;
    }

    /** How long a client refused a stream should wait, in seconds. */
    static final long RETRY_AFTER_SECONDS = AdminEvent.REFUSED_RETRY_AFTER_SECONDS;

    @GetMapping(path = "/events", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    ResponseEntity<SseEmitter> events(HttpServletRequest request) {
        Actor actor = actors.resolve(request);
        if (actor.equals(Actor.ANONYMOUS)) {
            throw new UnauthenticatedRequestException();
        }
        // The stream shows what changed in the flags, so it needs what reading them needs: the
        // service checks READ (and refuses with 403) before anything is sent.
        admin.listFlags(actor);
        SseEmitter emitter = events.subscribe();
        if (emitter == null) {
            throw new StreamsUnavailableException(
                    events.isRunning()
                            ? "This instance already serves its " + events.maxStreams()
                                    + " change streams (flags.admin.events.max-streams); retry after "
                                    + RETRY_AFTER_SECONDS
                                    + " seconds, and poll GET .../flags meanwhile"
                            : "This instance is shutting down; reconnect to another one, or to this one once it is back");
        }
        // no-transform and no buffering: proxies that compress or buffer would hold events back.
        return ResponseEntity.ok()
                .cacheControl(CacheControl.noStore().noTransform())
                .header("X-Accel-Buffering", "no")
                .body(emitter);
    }

    /**
     * 503 with Problem Details. The content type is set here: the request asked for
     * {@code text/event-stream}, which a Problem Details body is not.
     */
    @ExceptionHandler(StreamsUnavailableException.class)
    ResponseEntity<ProblemDetail> unavailable(StreamsUnavailableException ex) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE, ex.getMessage());
        problem.setTitle("Change stream unavailable");
        problem.setProperty("retryAfter", RETRY_AFTER_SECONDS);
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                .header(HttpHeaders.RETRY_AFTER, Long.toString(RETRY_AFTER_SECONDS))
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(problem);
    }

    /** No stream for this request: all are taken, or the application is stopping. */
    static final class StreamsUnavailableException extends RuntimeException {

        private static final long serialVersionUID = 1L;

        StreamsUnavailableException(String message) {
            super(message, null, false, false);
        }
    }
}
