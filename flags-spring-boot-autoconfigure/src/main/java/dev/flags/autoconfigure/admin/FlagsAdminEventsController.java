package dev.flags.autoconfigure.admin;

import dev.flags.admin.Actor;
import dev.flags.admin.FlagAdmin;
import dev.flags.autoconfigure.admin.FlagsAdminController.UnauthenticatedRequestException;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * {@code GET .../events}: the admin API's change stream as server-sent events (see
 * {@link FlagsAdminEvents}), for callers that may read flags.
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

    @GetMapping(path = "/events", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    SseEmitter events(HttpServletRequest request) {
        Actor actor = actors.resolve(request);
        if (actor.equals(Actor.ANONYMOUS)) {
            throw new UnauthenticatedRequestException();
        }
        // The stream shows what changed in the flags, so it needs what reading them needs: the
        // service checks READ (and refuses with 403) before anything is sent.
        admin.listFlags(actor);
        return events.subscribe();
    }
}
