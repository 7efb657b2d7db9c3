/**
 * The OpenFeature Remote Evaluation Protocol (OFREP, {@code openapi.yaml} v0.3.0) over a
 * {@link dev.flags.FlagManager}, independent of any web framework: {@link dev.flags.ofrep.OfrepServer}
 * takes a parsed JSON request body and answers an {@link dev.flags.ofrep.OfrepResponse} (status,
 * headers, a body of maps, lists and scalars that any JSON writer can serialise). A binding for a web
 * framework only parses the body, calls the server and writes the response.
 */
@NullMarked
package dev.flags.ofrep;

import org.jspecify.annotations.NullMarked;
