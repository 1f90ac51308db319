package io.rtml.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.rtml.sdk.ServiceHttp;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import java.util.stream.IntStream;

/**
 * The two stream rows, on the stack's broker. Both produce their N records up front from one producer and
 * stop the clock when the N-th record has come out the other end:
 * <ul>
 *   <li>raw pass-through: a consumer → producer loop in this JVM copies the records from one topic to
 *       another (same broker, same partition count as {@code rtml.inference-requests}) — what Kafka alone
 *       allows on this machine;</li>
 *   <li>stream scoring: inference requests on {@code rtml.inference-requests}, read back as results from
 *       {@code rtml.inference-results}.</li>
 * </ul>
 */
final class StreamBench {

    static final String REQUESTS = "rtml.inference-requests";
    static final String RESULTS = "rtml.inference-results";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration POLL = Duration.ofMillis(50);

    private final String bootstrap;

    StreamBench(String bootstrap) {
        this.bootstrap = bootstrap;
    }

    /** Partitions of {@code topic}, or 0 when it does not exist. */
    int partitions(String topic) {
        try (Admin admin = admin()) {
            Map<String, TopicDescription> topics = admin.describeTopics(List.of(topic)).allTopicNames()
                    .get(10, TimeUnit.SECONDS);
            return topics.get(topic).partitions().size();
        } catch (ExecutionException e) {
            return 0;
        } catch (Exception e) {
            throw new IllegalStateException("cannot describe " + topic + " on " + bootstrap + ": " + e.getMessage(), e);
        }
    }

    /** Copies {@code records} (key, value) through a pair of topics with {@code partitions} partitions each. */
    Measurement passThrough(List<Map.Entry<String, String>> records, int partitions, Duration timeout) {
        String in = "rtml.bench.passthrough-in-p" + partitions;
        String out = "rtml.bench.passthrough-out-p" + partitions;
        ensureTopic(in, partitions);
        ensureTopic(out, partitions);
        AtomicLong copied = new AtomicLong();
        try (KafkaConsumer<String, String> consumer = consumer(); KafkaProducer<String, String> copier = producer()) {
            List<TopicPartition> assigned = assignAtEnd(consumer, in, partitions);
            long start = System.nanoTime();
            Thread producing = produceInBackground(in, records);
            long deadline = start + timeout.toNanos();
            while (copied.get() < records.size() && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> r : consumer.poll(POLL)) {
                    copier.send(new ProducerRecord<>(out, r.partition(), r.key(), r.value()));
                    copied.incrementAndGet();
                }
            }
            copier.flush();
            double seconds = (System.nanoTime() - start) / 1e9;
            join(producing);
            return finish(copied.get(), 0, records.size(), seconds, "copied over " + assigned.size() + " partitions");
        }
    }

    /**
     * Produces {@code requests} (request id, request JSON) to {@code rtml.inference-requests} and reads the
     * results back; {@code ours} tells this run's result keys from anyone else's.
     */
    Measurement scoring(List<Map.Entry<String, String>> requests, Predicate<String> ours, Duration timeout) {
        int resultPartitions = partitions(RESULTS);
        if (resultPartitions == 0) {
            return Measurement.unavailable("n/a (" + RESULTS + " does not exist: is stream scoring on?)");
        }
        AtomicLong answered = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        try (KafkaConsumer<String, String> consumer = consumer()) {
            assignAtEnd(consumer, RESULTS, resultPartitions);
            long start = System.nanoTime();
            Thread producing = produceInBackground(REQUESTS, requests);
            long deadline = start + timeout.toNanos();
            while (answered.get() < requests.size() && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> r : consumer.poll(POLL)) {
                    if (r.key() == null || !ours.test(r.key())) {
                        continue;
                    }
                    answered.incrementAndGet();
                    if (hasError(r.value())) {
                        failed.incrementAndGet();
                    }
                }
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            join(producing);
            return finish(answered.get() - failed.get(), failed.get(), requests.size(), seconds, null);
        }
    }

    /**
     * Sends {@code requests} and waits until their results are back, unmeasured: warms the scoring path
     * and makes sure {@code rtml.inference-results} exists (the service creates it with its first answer).
     * Answers how many came back.
     */
    long warmUpScoring(List<Map.Entry<String, String>> requests, Predicate<String> ours, Duration timeout) {
        long since = System.currentTimeMillis() - 1_000;
        long deadline = System.nanoTime() + timeout.toNanos();
        join(produceInBackground(REQUESTS, requests));
        int partitions = partitions(RESULTS);
        while (partitions == 0 && System.nanoTime() < deadline) {
            sleep(Duration.ofMillis(500));
            partitions = partitions(RESULTS);
        }
        if (partitions == 0) {
            return 0;
        }
        long seen = 0;
        try (KafkaConsumer<String, String> consumer = consumer()) {
            List<TopicPartition> tps = IntStream.range(0, partitions).mapToObj(p -> new TopicPartition(RESULTS, p))
                    .toList();
            consumer.assign(tps);
            Map<TopicPartition, Long> times = new HashMap<>();
            tps.forEach(tp -> times.put(tp, since));
            Map<TopicPartition, OffsetAndTimestamp> from = consumer.offsetsForTimes(times);
            for (TopicPartition tp : tps) {
                OffsetAndTimestamp at = from.get(tp);
                if (at == null) {
                    consumer.seekToEnd(List.of(tp));
                } else {
                    consumer.seek(tp, at.offset());
                }
            }
            while (seen < requests.size() && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> r : consumer.poll(POLL)) {
                    if (r.key() != null && ours.test(r.key())) {
                        seen++;
                    }
                }
            }
        }
        return seen;
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static Measurement finish(long ok, long errors, int expected, double seconds, String note) {
        Measurement m = new Measurement(ok, errors, seconds, Double.NaN, Double.NaN, note);
        if (ok + errors < expected) {
            m = m.withNote(String.format(java.util.Locale.ROOT, "only %d of %d back before the timeout",
                    ok + errors, expected));
        }
        return m;
    }

    private Thread produceInBackground(String topic, List<Map.Entry<String, String>> records) {
        Thread t = new Thread(() -> {
            // Stream requests carry their producer's token, as REST calls do (the bench's default token).
            String token = ServiceHttp.defaultToken();
            byte[] authorization = token == null ? null : ("Bearer " + token).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            try (KafkaProducer<String, String> producer = producer()) {
                for (Map.Entry<String, String> r : records) {
                    ProducerRecord<String, String> record = new ProducerRecord<>(topic, r.getKey(), r.getValue());
                    if (authorization != null) {
                        record.headers().add("authorization", authorization);
                    }
                    producer.send(record);
                }
                producer.flush();
            }
        }, "bench-producer");
        t.start();
        return t;
    }

    private static List<TopicPartition> assignAtEnd(KafkaConsumer<String, String> consumer, String topic,
                                                    int partitions) {
        List<TopicPartition> tps = IntStream.range(0, partitions).mapToObj(p -> new TopicPartition(topic, p)).toList();
        consumer.assign(tps);
        consumer.seekToEnd(tps);
        tps.forEach(consumer::position); // resolve the end offsets now, before anything is produced
        return tps;
    }

    private void ensureTopic(String topic, int partitions) {
        try (Admin admin = admin()) {
            admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1))).all().get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new IllegalStateException("cannot create " + topic + ": " + e.getCause().getMessage(), e);
            }
        } catch (Exception e) {
            throw new IllegalStateException("cannot create " + topic + ": " + e.getMessage(), e);
        }
    }

    private static boolean hasError(String value) {
        try {
            JsonNode error = JSON.readTree(value).get("error");
            return error != null && !error.isNull();
        } catch (IOException e) {
            return true;
        }
    }

    private static void join(Thread t) {
        try {
            t.join(TimeUnit.SECONDS.toMillis(30));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private Admin admin() {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        return Admin.create(p);
    }

    private KafkaProducer<String, String> producer() {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        return new KafkaProducer<>(p, new StringSerializer(), new StringSerializer());
    }

    private KafkaConsumer<String, String> consumer() {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 1_000);
        return new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer());
    }
}
