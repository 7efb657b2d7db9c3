package dev.flags.benchmarks;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.togglz.core.Feature;
import org.togglz.core.activation.GradualActivationStrategy;
import org.togglz.core.activation.Parameter;
import org.togglz.core.manager.FeatureManager;
import org.togglz.core.manager.FeatureManagerBuilder;
import org.togglz.core.manager.PropertyFeatureProvider;
import org.togglz.core.repository.FeatureState;
import org.togglz.core.repository.mem.InMemoryStateRepository;
import org.togglz.core.spi.ActivationStrategy;
import org.togglz.core.user.FeatureUser;
import org.togglz.core.user.SimpleFeatureUser;
import org.togglz.core.util.NamedFeature;

/**
 * Togglz with an in-memory state repository. A feature has one activation strategy, so W2 is a
 * small custom strategy: the country check, then Togglz's own gradual strategy (sticky: it buckets
 * by the user name's {@code hashCode}). Togglz has no variants (W3) and no prerequisites (W4); W5
 * asks for the 50 features one by one.
 */
@State(Scope.Thread)
public class TogglzBench extends Bench {

    /** Country in a list, then a gradual rollout among those users. */
    static final class CountryRolloutStrategy implements ActivationStrategy {
        static final String ID = "country-rollout";
        static final String PARAM_COUNTRIES = "countries";
        private final GradualActivationStrategy gradual = new GradualActivationStrategy();

        @Override
        public String getId() {
            return ID;
        }

        @Override
        public String getName() {
            return "Country then gradual rollout";
        }

        @Override
        public boolean isActive(FeatureState state, FeatureUser user) {
            Object country = user == null ? null : user.getAttribute("country");
            return country instanceof String c
                    && listed(state.getParameter(PARAM_COUNTRIES), c)
                    && gradual.isActive(state, user);
        }

        /** Whether a comma-separated list holds the value, without splitting it. */
        private static boolean listed(String list, String value) {
            int from = 0;
            while (list != null && from <= list.length()) {
                int comma = list.indexOf(',', from);
                int end = comma < 0 ? list.length() : comma;
                if (end - from == value.length() && list.startsWith(value, from)) {
                    return true;
                }
                if (comma < 0) {
                    return false;
                }
                from = comma + 1;
            }
            return false;
        }

        @Override
        public Parameter[] getParameters() {
            return new Parameter[0];
        }
    }

    private FeatureManager manager;
    private FeatureUser[] users;
    private FeatureUser current;
    private final Feature w1 = new NamedFeature(Workloads.W1);
    private final Feature w2 = new NamedFeature(Workloads.W2);
    private final Feature[] bulk = new Feature[Workloads.BULK];
    private int next;

    private static FeatureState targeted(Feature feature) {
        return new FeatureState(feature, true)
                .setStrategyId(CountryRolloutStrategy.ID)
                .setParameter(CountryRolloutStrategy.PARAM_COUNTRIES, String.join(",", Users.TARGETED))
                .setParameter(GradualActivationStrategy.PARAM_PERCENTAGE, "25");
    }

    @Setup
    public void setUp() {
        InMemoryStateRepository states = new InMemoryStateRepository();
        Properties features = new Properties();
        states.setFeatureState(new FeatureState(w1, true));
        states.setFeatureState(targeted(w2));
        features.setProperty(w1.name(), w1.name());
        features.setProperty(w2.name(), w2.name());
        for (int i = 0; i < Workloads.BULK; i++) {
            bulk[i] = new NamedFeature(Workloads.bulkKey(i));
            features.setProperty(bulk[i].name(), bulk[i].name());
            states.setFeatureState(Workloads.bulkIsTargeted(i) ? targeted(bulk[i]) : new FeatureState(bulk[i], true));
        }
        manager = new FeatureManagerBuilder()
                .featureProvider(new PropertyFeatureProvider(features))
                .stateRepository(states)
                .userProvider(() -> current)
                .activationStrategy(new CountryRolloutStrategy())
                .build();
        users = Users.contexts(
                FeatureUser[]::new, (key, country) -> new SimpleFeatureUser(key).setAttribute("country", country));
        Distribution.check(
                "Togglz",
                i -> {
                    current = users[i];
                    return manager.isActive(w2);
                },
                null,
                null);
    }

    private void nextUser() {
        current = users[next++ & Users.MASK];
    }

    @Benchmark
    public boolean w1Simple() {
        nextUser();
        return manager.isActive(w1);
    }

    @Benchmark
    public boolean w2Targeted() {
        nextUser();
        return manager.isActive(w2);
    }

    @Benchmark
    public Map<String, Boolean> w5Bulk() {
        nextUser();
        Map<String, Boolean> all = new LinkedHashMap<>();
        for (Feature feature : bulk) {
            all.put(feature.name(), manager.isActive(feature));
        }
        return all;
    }
}
