package io.rtml.examples.sendtime;

import java.util.HashMap;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Runs the send-time scenario against running services and prints the report. Service URLs come from
 * {@code RTML_REGISTRY_URL}, {@code RTML_FEATURE_STORE_URL}, {@code RTML_INFERENCE_URL},
 * {@code RTML_MONITOR_URL} (environment, or {@code NAME=value} arguments), defaulting to ports 8081-8084.
 * Then scores {@code RTML_DEMO_JOB_KEYS} (default 1,000,000) further recipients in one bulk job.
 */
public final class SendTimeDemo {

    /** Held so the level sticks: java.util.logging keeps loggers only weakly. */
    private static final Logger TRIBUO_LOG = Logger.getLogger("org.tribuo");

    private static final int DEFAULT_JOB_KEYS = 1_000_000;

    private SendTimeDemo() {
    }

    public static void main(String[] args) {
        // Tribuo logs every SGD epoch at INFO; the scenario prints its own progress.
        TRIBUO_LOG.setLevel(Level.WARNING);
        Map<String, String> env = new HashMap<>(System.getenv());
        for (String arg : args) {
            int eq = arg.indexOf('=');
            if (eq <= 0) {
                System.err.println("usage: SendTimeDemo [RTML_REGISTRY_URL=..] [RTML_FEATURE_STORE_URL=..] "
                        + "[RTML_INFERENCE_URL=..] [RTML_MONITOR_URL=..]");
                System.exit(2);
            }
            env.put(arg.substring(0, eq), arg.substring(eq + 1));
        }
        try {
            ScenarioConfig config = ScenarioConfig.fromEnv(env);
            ScenarioReport report = SendTimeScenario.run(config, System.out);
            int jobKeys = Integer.parseInt(env.getOrDefault("RTML_DEMO_JOB_KEYS", Integer.toString(DEFAULT_JOB_KEYS)));
            BulkScoringRun.Result job = jobKeys <= 0 ? null : BulkScoringRun.run(config.featureStoreUrl(),
                    config.inferenceUrl(), SendTimeScenario.MODEL, null, jobKeys, config.seed() + 2, System.out);
            System.out.println();
            System.out.print(report.render());
            if (job != null) {
                System.out.print(job.render());
            }
        } catch (NumberFormatException e) {
            System.err.println("RTML_DEMO_JOB_KEYS must be a number of recipients: " + e.getMessage());
            System.exit(2);
        } catch (RuntimeException e) {
            System.err.println("send-time scenario failed: " + e.getMessage());
            System.exit(1);
        }
    }
}
