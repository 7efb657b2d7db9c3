package dev.flags.codegen;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TypedFlagsProcessorTests {

    static final String DEFINITIONS = """
            flags:
              new-checkout:
                description: The new one-page checkout
                owner: checkout-team
                default-variant: "off"
              pricing:
                description: A/B test of a <10%> discount
                type: string
                variants:
                  standard: list
                  discount: ten-off
                default-variant: standard
                rules:
                  - id: beta
                    when:
                      - attribute: groups
                        operator: contains
                        value: beta
                    serve: discount
              free-shipping-threshold:
                type: double
                variants: { regular: 50.0, generous: 25.0 }
                default-variant: regular
              old-banner:
                default-variant: "on"
            """;

    static final String PACKAGE_INFO = """
            @TypedFlags(definitions = "flags.yml", className = "AppFlags")
            package shop;

            import dev.flags.annotation.TypedFlags;
            """;

    static final String SHOP = """
            package shop;

            import dev.flags.EvaluationContext;
            import dev.flags.FlagManager;
            import dev.flags.annotation.FeatureToggle;
            import dev.flags.annotation.Variant;
            import dev.flags.definition.DefinitionsReader;

            public class Shop {
                static final String BANNER = "banner";

                public static String run() {
                    FlagManager flags = FlagManager.builder()
                            .definitions(DefinitionsReader.read("flags.yml", Shop.class.getResourceAsStream("/flags.yml")))
                            .watch(false)
                            .build();
                    EvaluationContext beta = EvaluationContext.builder().targetingKey("u").group("beta").build();
                    String price = switch (flags.variant(AppFlags.PRICING, beta)) {
                        case STANDARD -> "list price";
                        case DISCOUNT -> "discounted";
                    };
                    return flags.isEnabled(AppFlags.NEW_CHECKOUT, beta) + " " + price + " "
                            + flags.value(AppFlags.FREE_SHIPPING_THRESHOLD, beta) + " " + flags.isEnabled(BANNER);
                }

                @FeatureToggle("new-checkout")
                public void checkout() {}

                @Variant(value = AppFlags.Keys.PRICING, variant = "discount")
                public void discounted() {}

                public String notAFlag() {
                    return String.valueOf("not-a-flag");
                }
            }
            """;

    @TempDir
    Path root;

    private Compiler compiler() {
        return new Compiler(root).source("shop/package-info.java", PACKAGE_INFO);
    }

    @Test
    void generatesOneConstantPerFlagAndAnEnumPerFlagWithVariants() {
        Compiler.Result result = compiler().resource("flags.yml", DEFINITIONS).compile();
        Compiler.assertOnlyNotes(result);
        assertThat(result.generatedSource("shop/AppFlags.java")).isEqualTo(EXPECTED);
    }

    @Test
    void generatedKeysAreCheckedByTheCompilerAndEvaluate() throws Exception {
        Compiler.Result result = compiler()
                .resource("flags.yml", DEFINITIONS)
                .source("shop/Shop.java", SHOP)
                .compile();
        Compiler.assertOnlyNotes(result);
        assertThat(result.call("shop.Shop", "run")).isEqualTo("false discounted 50.0 false");
    }

    @Test
    void aKeyTheDefinitionsLackOrAVariantLeftOutOfASwitchDoesNotCompile() {
        Compiler.Result result = compiler()
                .resource("flags.yml", DEFINITIONS)
                .source("shop/Typo.java", """
                        package shop;

                        class Typo {
                            boolean on(dev.flags.FlagManager flags) {
                                return flags.isEnabled(AppFlags.NEW_CHEKOUT);
                            }

                            boolean typeChecked(dev.flags.FlagManager flags) {
                                return flags.isEnabled(AppFlags.PRICING);
                            }

                        }
                        """)
                .compile();
        assertThat(result.success()).isFalse();
        assertThat(result.errors()).hasSize(2);
        assertThat(result.errors().get(0)).contains("cannot find symbol").contains("NEW_CHEKOUT");
        assertThat(result.errors().get(1))
                .contains("isEnabled(dev.flags.VariantFlagKey<java.lang.String,shop.AppFlags.Pricing>)");
        Compiler.Result partial = new Compiler(root.resolve("partial"))
                .source("shop/package-info.java", PACKAGE_INFO)
                .resource("flags.yml", DEFINITIONS)
                .source("shop/Partial.java", """
                        package shop;

                        class Partial {
                            int price(dev.flags.FlagManager flags) {
                                return switch (flags.variant(AppFlags.PRICING)) {
                                    case STANDARD -> 1;
                                };
                            }
                        }
                        """)
                .compile();
        assertThat(partial.errors())
                .singleElement()
                .asString()
                .contains("the switch expression does not cover all possible input values");
    }

    @Test
    void malformedDefinitionsFailTheBuildNamingFileAndPlace() {
        Compiler.Result result = compiler().resource("flags.yml", """
                        flags:
                          pricing:
                            type: money
                            default-variant: standard
                        """).compile();
        assertThat(result.success()).isFalse();
        assertThat(result.errors())
                .anySatisfy(error -> assertThat(error).startsWith("flags.yml: flags.pricing.type: "));
        Compiler.Result broken = new Compiler(root.resolve("broken"))
                .source("shop/package-info.java", PACKAGE_INFO)
                .resource("flags.yml", "flags: [unclosed")
                .compile();
        assertThat(broken.errors()).singleElement().asString().startsWith("flags.yml: not valid YAML or JSON: ");
    }

    @Test
    void aKeyThatMakesNoJavaNameOrTwoKeysMakingOneFailNamingTheFlags() {
        Compiler.Result result = compiler().resource("flags.yml", """
                        flags:
                          2fa: { default-variant: "off" }
                          new-checkout: { default-variant: "off" }
                          new_checkout: { default-variant: "off" }
                          size:
                            type: string
                            variants: { big-one: a, big_one: b }
                            default-variant: big-one
                        """).compile();
        assertThat(result.success()).isFalse();
        assertThat(result.errors())
                .containsExactly(
                        "flags.yml: flag '2fa': its constant name '2FA' is not a Java identifier; rename the flag so"
                                + " that it starts with a letter and holds only letters, digits, '-', '_' and '.'",
                        "flags.yml: flags 'new-checkout' and 'new_checkout' both make the constant NEW_CHECKOUT;"
                                + " rename one of them",
                        "flags.yml: flag 'size': variants 'big-one' and 'big_one' both make the constant BIG_ONE;"
                                + " rename one of them");
    }

    @Test
    void aMissingDefinitionsFileFailsNamingWhereItWasLookedFor() {
        Compiler.Result result = compiler()
                .option("-Aflags.resources=" + root.resolve("nowhere"))
                .compile();
        assertThat(result.errors())
                .containsExactly("flags.yml: definitions file not found on the class path or in flags.resources ("
                        + root.resolve("nowhere") + ") (@TypedFlags(definitions = \"flags.yml\"))");
    }

    @Test
    void definitionsAreFoundInTheResourceDirectoriesOption() throws Exception {
        Path resources = root.resolve("src-main-resources");
        java.nio.file.Files.createDirectories(resources);
        java.nio.file.Files.writeString(resources.resolve("flags.yml"), DEFINITIONS);
        Compiler.Result result =
                compiler().option("-Aflags.resources=" + resources).compile();
        Compiler.assertOnlyNotes(result);
        assertThat(result.generatedSource("shop/AppFlags.java")).isEqualTo(EXPECTED);
    }

    @Test
    void aCommittedClassThatMatchesTheDefinitionsCompiles() {
        Compiler.Result result = compiler()
                .resource("flags.yml", DEFINITIONS)
                .source("shop/AppFlags.java", EXPECTED)
                .source("shop/Shop.java", SHOP)
                .compile();
        Compiler.assertOnlyNotes(result);
        assertThat(Compiler.list(result.generated())).isEmpty();
    }

    @Test
    void aCommittedClassThatNoLongerMatchesFailsTheBuild() {
        Compiler.Result result = compiler()
                .resource(
                        "flags.yml",
                        DEFINITIONS.replace("discount: ten-off", "discount: ten-off\n      gold: twenty-off"))
                .source("shop/AppFlags.java", EXPECTED)
                .compile();
        assertThat(result.success()).isFalse();
        assertThat(result.errors())
                .singleElement()
                .asString()
                .startsWith("flags.yml: shop.AppFlags is stale: it no longer matches the definitions (line 22 is"
                        + " '* <p>Variants: standard, discount; default: standard.', expected '* <p>Variants:"
                        + " standard, discount, gold; default: standard.'); the up-to-date text is in ")
                .endsWith("shop/AppFlags.java.generated");
        assertThat(result.generatedSource("shop/AppFlags.java.generated")).contains("GOLD(\"gold\")");
    }

    @Test
    void recordsTheFlagsTheCodeReferencesAndNotesTheUnreferencedOnes() {
        Compiler.Result result = compiler()
                .resource("flags.yml", DEFINITIONS)
                .source("shop/Shop.java", SHOP)
                .compile();
        Compiler.assertOnlyNotes(result);
        assertThat(result.classOutput(TypedFlagsProcessor.REFERENCES)).isEqualTo("""
                        # Flags referenced by this module's code, written by flags-codegen: key<TAB>file:line
                        banner\tshop/Shop.java:23
                        free-shipping-threshold\tshop/Shop.java:23
                        new-checkout\tshop/Shop.java:22
                        new-checkout\tshop/Shop.java:26
                        pricing\tshop/Shop.java:18
                        pricing\tshop/Shop.java:29
                        """);
        assertThat(result.notes()).contains("flags-codegen: flags in flags.yml referenced by no code: old-banner");
    }

    @Test
    void theNoteLeavesOutFlagsThatOtherFlagsRequire() {
        Compiler.Result result = compiler().resource("flags.yml", """
                        flags:
                          payments: { default-variant: "on" }
                          checkout:
                            default-variant: "off"
                            prerequisites:
                              - flag: payments
                                variant: "on"
                          orphan: { default-variant: "off" }
                        """).compile();
        Compiler.assertOnlyNotes(result);
        assertThat(result.notes())
                .contains("flags-codegen: flags in flags.yml referenced by no code: checkout, orphan");
        assertThat(result.classOutput(TypedFlagsProcessor.REFERENCES))
                .isEqualTo("# Flags referenced by this module's code, written by flags-codegen: key<TAB>file:line\n");
    }

    @Test
    void referencesAreRecordedWithoutTypedFlagsToo() {
        Compiler.Result result = new Compiler(root)
                .source("plain/Plain.java", """
                        package plain;

                        class Plain {
                            boolean on(dev.flags.FlagManager flags) {
                                return flags.getBoolean("dark-mode", false) && flags.current().isEnabled("beta");
                            }
                        }
                        """)
                .option("-Aflags.references=true")
                .compile();
        Compiler.assertOnlyNotes(result);
        assertThat(result.classOutput(TypedFlagsProcessor.REFERENCES))
                .endsWith("beta\tplain/Plain.java:5\ndark-mode\tplain/Plain.java:5\n");
    }

    @Test
    void aCompilationThatReferencesNoFlagAndGeneratesNoneWritesNoFile() {
        // Spring Boot's process-aot compiles its bean definitions with the same processor and copies
        // the result over the application's classes: an empty file there would hide the real one.
        Compiler.Result result =
                new Compiler(root).source("plain/Beans.java", """
                        package plain;

                        class Beans {
                            Object manager(dev.flags.FlagManager flags) {
                                return flags;
                            }
                        }
                        """).compile();
        Compiler.assertOnlyNotes(result);
        assertThat(result.classes().resolve(TypedFlagsProcessor.REFERENCES)).doesNotExist();
    }

    static final String EXPECTED = """
            package shop;

            /**
             * Typed keys of the flags in {@code flags.yml}, generated by flags-codegen from that file: edit the file, not this class.
             */
            @javax.annotation.processing.Generated("dev.flags.codegen.TypedFlagsProcessor")
            public final class AppFlags {

                private AppFlags() {}

                /**
                 * {@code new-checkout} (boolean): The new one-page checkout
                 *
                 * <p>Owner: checkout-team. Variants: on, off; default: off.
                 */
                public static final dev.flags.FlagKey<Boolean> NEW_CHECKOUT =
                        dev.flags.FlagKey.ofBoolean("new-checkout", false);

                /**
                 * {@code pricing} (string): A/B test of a &lt;10%&gt; discount
                 *
                 * <p>Variants: standard, discount; default: standard.
                 */
                public static final dev.flags.VariantFlagKey<String, Pricing> PRICING =
                        dev.flags.FlagKey.ofString("pricing", "list").withVariants(Pricing.class, Pricing.STANDARD);

                /**
                 * {@code free-shipping-threshold} (double)
                 *
                 * <p>Variants: regular, generous; default: regular.
                 */
                public static final dev.flags.VariantFlagKey<Double, FreeShippingThreshold> FREE_SHIPPING_THRESHOLD =
                        dev.flags.FlagKey.ofDouble("free-shipping-threshold", 50.0).withVariants(FreeShippingThreshold.class, FreeShippingThreshold.REGULAR);

                /**
                 * {@code old-banner} (boolean)
                 *
                 * <p>Variants: on, off; default: on.
                 */
                public static final dev.flags.FlagKey<Boolean> OLD_BANNER =
                        dev.flags.FlagKey.ofBoolean("old-banner", true);

                /** The variants of {@code pricing}. */
                public enum Pricing implements dev.flags.TypedVariant {
                    /** {@code standard}. */
                    STANDARD("standard"),
                    /** {@code discount}. */
                    DISCOUNT("discount");

                    private final String variantName;

                    Pricing(String variantName) {
                        this.variantName = variantName;
                    }

                    @Override
                    public String variantName() {
                        return variantName;
                    }
                }

                /** The variants of {@code free-shipping-threshold}. */
                public enum FreeShippingThreshold implements dev.flags.TypedVariant {
                    /** {@code regular}. */
                    REGULAR("regular"),
                    /** {@code generous}. */
                    GENEROUS("generous");

                    private final String variantName;

                    FreeShippingThreshold(String variantName) {
                        this.variantName = variantName;
                    }

                    @Override
                    public String variantName() {
                        return variantName;
                    }
                }

                /**
                 * The flag keys as compile-time constants, for annotations:
                 * {@code @FeatureToggle(AppFlags.Keys.NEW_CHECKOUT)}.
                 */
                public static final class Keys {

                    private Keys() {}

                    /** {@code new-checkout}. */
                    public static final String NEW_CHECKOUT = "new-checkout";
                    /** {@code pricing}. */
                    public static final String PRICING = "pricing";
                    /** {@code free-shipping-threshold}. */
                    public static final String FREE_SHIPPING_THRESHOLD = "free-shipping-threshold";
                    /** {@code old-banner}. */
                    public static final String OLD_BANNER = "old-banner";
                }
            }
            """;
}
