package dev.flags.jdbc;

import static java.util.Objects.requireNonNull;

import dev.flags.definition.Experiment;
import dev.flags.definition.ExperimentMetric;
import dev.flags.definition.FlagDefinition;
import dev.flags.experiment.ExperimentAnalysis;
import dev.flags.experiment.ExperimentResults;
import dev.flags.experiment.ExperimentTally;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/**
 * Experiment results computed in the database from the rows of a
 * {@linkplain JdbcFlags#eventSink JDBC sink} table, so they cover every process that writes to
 * it, across restarts.
 *
 * <p>A user belongs to the variant of their first recorded exposure inside the window (reason
 * {@code SPLIT} from the assigning distribution); a conversion counts when it was recorded at or
 * after that exposure (to the millisecond: a conversion in the same millisecond as the exposure
 * counts, unlike in-process) and before the experiment's end. {@code trackedUsers} is the number of such
 * users, {@code untrackedExposures} is always 0 and {@code crossoverExposures} counts users with
 * exposures to more than one variant. What the sink lost (a full queue, a failed batch) is missing
 * here too: if a user's first exposure event was lost, their conversions before the next recorded
 * one are not counted.
 *
 * <p>A metric's CUPED covariate (not for ratios) is the attribute recorded with the user's first
 * exposure, or else their value of the metric from their conversions in the analysis' {@linkplain
 * ExperimentAnalysis#cupedLookBack() look-back} before that exposure, as in-process.
 */
public final class JdbcExperimentResults {

    private final DataSource dataSource;
    private final String table;

    private JdbcExperimentResults(DataSource dataSource, String table) {
        this.dataSource = requireNonNull(dataSource, "dataSource");
        this.table = JdbcEventSink.checkTable(table);
    }

    /**
     * Results over a sink's table.
     *
     * @param dataSource where the table lives
     * @param table the table the sink writes to
     * @return the results service
     */
    public static JdbcExperimentResults of(DataSource dataSource, String table) {
        return new JdbcExperimentResults(dataSource, table);
    }

    /**
     * Computes the results of one experiment.
     *
     * @param flag the experiment's flag, as currently defined
     * @param now the instant the results are for (its status, and conversions up to it)
     * @return the results
     * @throws IllegalArgumentException when the flag is not an experiment
     * @throws IllegalStateException when the database cannot be read
     */
    public ExperimentResults results(FlagDefinition flag, Instant now) {
        return results(flag, now, ExperimentAnalysis.DEFAULT);
    }

    /**
     * Computes the results of one experiment, comparing metrics as the given analysis says.
     *
     * @param flag the experiment's flag, as currently defined
     * @param now the instant the results are for (its status, and conversions up to it)
     * @param analysis how metrics are compared
     * @return the results
     * @throws IllegalArgumentException when the flag is not an experiment
     * @throws IllegalStateException when the database cannot be read
     */
    public ExperimentResults results(FlagDefinition flag, Instant now, ExperimentAnalysis analysis) {
        requireNonNull(flag, "flag");
        requireNonNull(analysis, "analysis");
        Experiment experiment = flag.experiment();
        if (experiment == null) {
            throw new IllegalArgumentException("flag '" + flag.key() + "' is not an experiment");
        }
        long start = experiment.start().toEpochMilli();
        long end = Math.min(experiment.end().toEpochMilli(), now.toEpochMilli() + 1);
        String rule = experiment.rule() == null ? "rule_id IS NULL" : "rule_id = ?";
        String exposures = "event_type = 'exposure' AND flag_key = ? AND reason = 'SPLIT' AND " + rule
                + " AND occurred_at >= ? AND occurred_at < ?";
        String first = "SELECT targeting_key, MIN(occurred_at) AS first_at FROM " + table + " WHERE " + exposures
                + " GROUP BY targeting_key";
        String assigned = "SELECT e.targeting_key AS targeting_key, MIN(e.variant) AS variant, f.first_at AS first_at"
                + " FROM " + table + " e JOIN (" + first + ") f"
                + " ON e.targeting_key = f.targeting_key AND e.occurred_at = f.first_at"
                + " WHERE e.event_type = 'exposure' AND e.flag_key = ? AND e.reason = 'SPLIT' AND e." + rule
                + " GROUP BY e.targeting_key, f.first_at";
        List<Object> exposureParameters = new ArrayList<>();
        exposureParameters.add(flag.key());
        if (experiment.rule() != null) {
            exposureParameters.add(experiment.rule());
        }
        exposureParameters.add(start);
        exposureParameters.add(end);
        List<Object> assignedParameters = new ArrayList<>(exposureParameters);
        assignedParameters.add(flag.key());
        if (experiment.rule() != null) {
            assignedParameters.add(experiment.rule());
        }

        ExperimentTally tally = new ExperimentTally(flag);
        long crossovers;
        try (Connection connection = dataSource.getConnection()) {
            try (ResultSet rs = query(
                    connection,
                    "SELECT variant, COUNT(*) FROM (" + assigned + ") x GROUP BY variant",
                    assignedParameters)) {
                while (rs.next()) {
                    tally.exposed(rs.getString(1), rs.getLong(2));
                }
            }
            List<Object> conversionParameters = new ArrayList<>(assignedParameters);
            StringBuilder names = new StringBuilder();
            for (String conversion : experiment.conversions()) {
                names.append(names.length() == 0 ? "?" : ", ?");
                conversionParameters.add(conversion);
            }
            conversionParameters.add(end);
            try (ResultSet rs = query(
                    connection,
                    "SELECT x.variant, c.conversion, COUNT(DISTINCT c.targeting_key), COUNT(*),"
                            + " SUM(c.conversion_value) FROM (" + assigned + ") x JOIN " + table + " c"
                            + " ON c.targeting_key = x.targeting_key WHERE c.event_type = 'conversion'"
                            + " AND c.conversion IN (" + names + ") AND c.occurred_at >= x.first_at"
                            + " AND c.occurred_at < ? GROUP BY x.variant, c.conversion",
                    conversionParameters)) {
                while (rs.next()) {
                    tally.converted(rs.getString(1), rs.getString(2), rs.getLong(3), rs.getLong(4), rs.getDouble(5));
                }
            }
            try (ResultSet rs = query(
                    connection,
                    "SELECT COUNT(*) FROM (SELECT targeting_key FROM " + table + " WHERE " + exposures
                            + " GROUP BY targeting_key HAVING COUNT(DISTINCT variant) > 1) y",
                    exposureParameters)) {
                rs.next();
                crossovers = rs.getLong(1);
            }
            long lookBack = analysis.cupedLookBack().toMillis();
            for (ExperimentMetric metric : experiment.allMetrics()) {
                sumMetric(connection, flag, metric, assigned, assignedParameters, end, lookBack, tally);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(
                    "Could not read results of experiment '" + flag.key() + "' from table " + table + ": "
                            + e.getMessage(),
                    e);
        }
        return tally.results(now, crossovers, analysis);
    }

    /**
     * The running sums of one metric per variant, from each assigned user's value (and denominator
     * and covariate), as the in-process results keep them: users without conversions count 0. The
     * covariate of a metric that is not a ratio is the attribute recorded at the user's first
     * exposure when there is one, else the user's value of the metric from their conversions in
     * the look-back before that exposure (0 without).
     */
    private void sumMetric(
            Connection connection,
            FlagDefinition flag,
            ExperimentMetric metric,
            String assigned,
            List<Object> assignedParameters,
            long end,
            long lookBack,
            ExperimentTally tally)
            throws SQLException {
        List<Object> parameters = new ArrayList<>();
        String value = switch (metric.type()) {
            case BINOMIAL -> "MAX(CASE WHEN c.conversion = ? THEN 1 ELSE 0 END)";
            case COUNT, COUNT_RATIO -> "SUM(CASE WHEN c.conversion = ? THEN 1 ELSE 0 END)";
            case MEAN, RATIO -> "SUM(CASE WHEN c.conversion = ? THEN COALESCE(c.conversion_value, 0) ELSE 0 END)";
        };
        parameters.add(metric.conversion());
        String denominator = "0";
        String conversions = "?";
        List<Object> conversionNames = new ArrayList<>(List.of(metric.conversion()));
        if (metric.type().isRatio() && metric.denominator() != null) {
            denominator = "SUM(CASE WHEN c.conversion = ? THEN 1 ELSE 0 END)";
            parameters.add(metric.denominator());
            conversions = "?, ?";
            conversionNames.add(metric.denominator());
        }
        boolean attribute = metric.covariate() != null;
        boolean history = lookBack > 0 && !metric.type().isRatio();
        String covariateJoin = "";
        if (attribute) {
            JdbcEventSink.migrate(dataSource, table);
            covariateJoin = " LEFT JOIN (SELECT targeting_key, occurred_at, MAX(covariate_value) AS cv FROM " + table
                    + " WHERE event_type = 'covariate' AND flag_key = ? AND covariate = ?"
                    + " GROUP BY targeting_key, occurred_at) k"
                    + " ON k.targeting_key = x.targeting_key AND k.occurred_at = x.first_at";
        }
        String covariate = attribute ? ", MAX(k.cv) AS kv" : "";
        parameters.addAll(assignedParameters);
        parameters.addAll(conversionNames);
        parameters.add(end);
        if (attribute) {
            parameters.add(flag.key());
            parameters.add(metric.covariate());
        }
        String perUser = "SELECT x.targeting_key AS targeting_key, x.variant AS variant, x.first_at AS first_at, "
                + value + " AS u, " + denominator + " AS d" + covariate + " FROM (" + assigned + ") x"
                + " LEFT JOIN " + table + " c ON c.targeting_key = x.targeting_key AND c.event_type = 'conversion'"
                + " AND c.conversion IN (" + conversions + ") AND c.occurred_at >= x.first_at AND c.occurred_at < ?"
                + covariateJoin
                + " GROUP BY x.targeting_key, x.variant, x.first_at";
        // The history, one correlated lookup per assigned user: joining the assignments a second
        // time made PostgreSQL's planner loop over them pairwise.
        String fromHistory = "";
        List<Object> historyParameters = new ArrayList<>();
        if (history) {
            String before = switch (metric.type()) {
                case BINOMIAL -> "MAX(1)";
                case COUNT -> "COUNT(*)";
                default -> "SUM(COALESCE(p.conversion_value, 0))";
            };
            fromHistory = ", (SELECT " + before + " FROM " + table + " p WHERE p.targeting_key = z.targeting_key"
                    + " AND p.event_type = 'conversion' AND p.conversion = ? AND p.occurred_at >= z.first_at - ?"
                    + " AND p.occurred_at < z.first_at)";
            historyParameters.add(metric.conversion());
            historyParameters.add(lookBack);
        }
        historyParameters.addAll(parameters);
        String withCovariate = "SELECT z.variant AS variant, z.u AS u, z.d AS d, COALESCE("
                + (attribute ? "z.kv" : "NULL") + fromHistory + ", 0) AS cv FROM (" + perUser + ") z";
        try (ResultSet rs = query(
                connection,
                "SELECT y.variant, SUM(y.u), SUM(y.u * y.u), SUM(y.d), SUM(y.d * y.d), SUM(y.u * y.d), SUM(y.cv),"
                        + " SUM(y.cv * y.cv), SUM(y.u * y.cv) FROM (" + withCovariate + ") y GROUP BY y.variant",
                historyParameters)) {
            while (rs.next()) {
                String variant = rs.getString(1);
                tally.metric(variant, metric.name(), rs.getDouble(2), rs.getDouble(3));
                tally.denominator(variant, metric.name(), rs.getDouble(4), rs.getDouble(5), rs.getDouble(6));
                tally.covariate(variant, metric.name(), rs.getDouble(7), rs.getDouble(8), rs.getDouble(9));
            }
        }
    }

    private static ResultSet query(Connection connection, String sql, List<Object> parameters) throws SQLException {
        PreparedStatement statement = connection.prepareStatement(sql);
        for (int i = 0; i < parameters.size(); i++) {
            Object parameter = parameters.get(i);
            if (parameter instanceof Long l) {
                statement.setLong(i + 1, l);
            } else {
                statement.setString(i + 1, (String) parameter);
            }
        }
        statement.closeOnCompletion();
        return statement.executeQuery();
    }

    @Override
    public String toString() {
        return "JDBC experiment results (table " + table + ")";
    }
}
