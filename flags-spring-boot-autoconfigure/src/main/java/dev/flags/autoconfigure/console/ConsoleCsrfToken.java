package dev.flags.autoconfigure.console;

/**
 * A CSRF token as the console's page hands it to its scripts, whichever stack read it from Spring
 * Security ({@link ConsoleCsrf} on Spring MVC, {@link ReactiveConsoleCsrf} on WebFlux).
 *
 * @param headerName the header the server reads, {@code X-CSRF-TOKEN} by default (the scripts' calls)
 * @param parameterName the form parameter the server reads, {@code _csrf} by default (the sign-out form)
 * @param value the token
 */
record ConsoleCsrfToken(String headerName, String parameterName, String value) {}
