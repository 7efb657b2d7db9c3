package dev.flags.openfeature.conformance;

import static io.cucumber.junit.platform.engine.Constants.GLUE_PROPERTY_NAME;
import static io.cucumber.junit.platform.engine.Constants.PLUGIN_PUBLISH_QUIET_PROPERTY_NAME;

import org.junit.platform.suite.api.ConfigurationParameter;
import org.junit.platform.suite.api.ExcludeTags;
import org.junit.platform.suite.api.IncludeEngines;
import org.junit.platform.suite.api.SelectClasspathResource;
import org.junit.platform.suite.api.Suite;

/**
 * Runs the OpenFeature specification's Gherkin suites against {@link dev.flags.openfeature.FlagsProvider}
 * with this project's own step definitions ({@link ConformanceSteps}) and the flags of
 * {@code test-flags.json} translated into {@code openfeature/test-flags.yml}.
 *
 * <p>The feature files are read as they are from {@code ../shared/conformance/openfeature} beside the
 * repository root; the build copies them, unchanged, onto the test classpath under
 * {@code openfeature/spec}. A missing directory fails the suite (no tests found), never skips it.
 *
 * <p>Excluded tags, each exercising the SDK rather than a provider:
 *
 * <ul>
 *   <li>{@code @async}: asynchronous evaluation is an SDK mechanism (spec 1.4.12); the Java SDK has
 *       no asynchronous client API to run it against.
 *   <li>{@code @immutability}: immutability of the SDK's context and evaluation details (spec
 *       1.4.15.1), SDK types a provider cannot affect.
 *   <li>{@code @evaluation-options}: hooks passed through the SDK's evaluation options (spec 1.5.1),
 *       run by the SDK, not the provider.
 *   <li>{@code @reason-codes-cached}: the {@code CACHED} reason is for providers that cache
 *       evaluations; this provider evaluates every time from a compiled snapshot.
 * </ul>
 *
 * <p>{@code @provider-status} is not excluded: "stable", "error" and "stale" run this project's
 * provider for real (error: initialization of definitions that cannot be loaded; stale: definitions
 * that fail to reload); "not ready" runs it over a source whose first load has not finished; only
 * "fatal", a state this provider never enters, uses a stand-in provider, as the SDK's own suite does.
 */
@Suite
@IncludeEngines("cucumber")
@SelectClasspathResource("openfeature/spec/evaluation_v2.feature")
@SelectClasspathResource("openfeature/spec/metadata.feature")
@SelectClasspathResource("openfeature/spec/hooks.feature")
@ConfigurationParameter(key = GLUE_PROPERTY_NAME, value = "dev.flags.openfeature.conformance")
@ConfigurationParameter(key = PLUGIN_PUBLISH_QUIET_PROPERTY_NAME, value = "true")
@ExcludeTags({"async", "immutability", "evaluation-options", "reason-codes-cached"})
class OpenFeatureConformanceTests {}
