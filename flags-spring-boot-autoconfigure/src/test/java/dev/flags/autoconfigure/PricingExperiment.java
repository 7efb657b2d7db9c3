package dev.flags.autoconfigure;

/** A running 50/50 pricing experiment in {@code flags.*} properties, for the tests of every package that shows experiments. */
public final class PricingExperiment {

    /** The experiment's flag, {@code pricing}: variants standard (the control) and discount, conversion purchase. */
    public static final String[] PROPERTIES = {
        "flags.definitions.pricing.type=string",
        "flags.definitions.pricing.variants.standard=standard",
        "flags.definitions.pricing.variants.discount=discount",
        "flags.definitions.pricing.default-variant=standard",
        "flags.definitions.pricing.fallthrough.distribution.standard=50",
        "flags.definitions.pricing.fallthrough.distribution.discount=50",
        "flags.definitions.pricing.experiment.hypothesis=A discount sells more",
        "flags.definitions.pricing.experiment.control-variant=standard",
        "flags.definitions.pricing.experiment.conversions=purchase",
        "flags.definitions.pricing.experiment.start=2020-01-01T00:00:00Z",
        "flags.definitions.pricing.experiment.end=2100-01-01T00:00:00Z"
    };

    private PricingExperiment() {}
}
