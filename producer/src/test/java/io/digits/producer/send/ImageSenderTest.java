package io.digits.producer.send;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.digits.core.record.ContentType;
import io.digits.core.record.RecordHeaders;
import io.digits.command.DurationConverter;
import io.digits.producer.source.ImageSource;
import io.digits.producer.source.SourceItem;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/**
 * The send loop's stop rules and pacing on a fake clock (Kafka's MockProducer stands in for the
 * broker only here, where wall time must not pass; ProduceIT sends to a real one).
 */
class ImageSenderTest {
    private final TokenBucketTest.FakeTicker ticker = new TokenBucketTest.FakeTicker();
    private final MockProducer<String, byte[]> producer =
            new MockProducer<>(true, null, new StringSerializer(), new ByteArraySerializer());

    /** Three images (the second labelled 4) and one bad input, per pass. */
    private static final ImageSource SMALL = new ImageSource() {
        @Override
        public String describe() {
            return "small";
        }

        @Override
        public OptionalLong size() {
            return OptionalLong.of(4);
        }

        @Override
        public Cursor open() {
            List<SourceItem> items = List.of(
                    new SourceItem.Image("a", new byte[784], ContentType.MNIST_784, Optional.empty()),
                    new SourceItem.Image("b", new byte[784], ContentType.MNIST_784, Optional.of(4)),
                    new SourceItem.BadInput("x.csv line 3", "bad row"),
                    new SourceItem.Image("c", new byte[] {1}, ContentType.PNG, Optional.empty()));
            var it = items.iterator();
            return () -> it.hasNext() ? it.next() : null;
        }
    };

    private ProduceSummary send(ProducePlan plan, ProduceListener listener) throws Exception {
        return new ImageSender(producer, "t", true, ticker).send(SMALL, plan, listener);
    }

    @Test
    void one_pass_sends_every_image_with_headers_and_counts_the_bad_input() throws Exception {
        List<SourceItem.BadInput> bad = new ArrayList<>();
        ProduceSummary summary = send(ProducePlan.once(), new ProduceListener() {
            @Override
            public void badInput(SourceItem.BadInput b) {
                bad.add(b);
            }
        });

        assertThat(producer.history()).extracting(ProducerRecord::key).containsExactly("a", "b", "c");
        ProducerRecord<String, byte[]> b = producer.history().get(1);
        assertThat(RecordHeaders.text(b.headers(), RecordHeaders.CONTENT_TYPE)).contains("application/x-mnist-784");
        assertThat(RecordHeaders.label(b.headers())).contains(4);
        assertThat(RecordHeaders.label(producer.history().get(0).headers())).isEmpty();
        assertThat(RecordHeaders.text(producer.history().get(2).headers(), RecordHeaders.CONTENT_TYPE)).contains("image/png");
        assertThat(summary.sent()).isEqualTo(3);
        assertThat(summary.badInputs()).isEqualTo(1);
        assertThat(summary.failed()).isEqualTo(1);
        assertThat(bad).extracting(SourceItem.BadInput::location).containsExactly("x.csv line 3");
        assertThat(producer.flushed()).isTrue();
    }

    @Test
    void labels_are_left_out_unless_asked_for() throws Exception {
        new ImageSender(producer, "t", false, ticker).send(SMALL, ProducePlan.once(), ProduceListener.SILENT);
        assertThat(producer.history()).allSatisfy(r -> assertThat(RecordHeaders.label(r.headers())).isEmpty());
    }

    @Test
    void loop_repeats_the_keys_until_the_limit_and_counts_bad_inputs_once() throws Exception {
        ProduceSummary summary = send(new ProducePlan(8, Optional.empty(), true, OptionalDouble.empty()),
                ProduceListener.SILENT);

        assertThat(producer.history()).extracting(ProducerRecord::key)
                .containsExactly("a", "b", "c", "a", "b", "c", "a", "b");
        assertThat(summary.sent()).isEqualTo(8);
        assertThat(summary.badInputs()).isEqualTo(1);
        assertThat(summary.passes()).isEqualTo(2);
    }

    @Test
    void a_ninety_second_soak_at_100_per_second_sends_9000_and_stops() throws Exception {
        ProducePlan plan = new ProducePlan(0, Optional.of(DurationConverter.parse("90s")), true, OptionalDouble.of(100));

        ProduceSummary summary = send(plan, ProduceListener.SILENT);

        assertThat((double) summary.sent()).isCloseTo(9000, within(9000 * 0.01));
        assertThat(summary.elapsed().toMillis()).isCloseTo(90_000, within(100L));
        assertThat(summary.imagesPerSecond()).isCloseTo(100, within(1.0));
        assertThat(plan.expectedImages(SMALL.size())).hasValue(9000);
    }

    @Test
    void a_five_minute_run_without_loop_ends_with_the_source() throws Exception {
        ProducePlan plan = new ProducePlan(0, Optional.of(DurationConverter.parse("5m")), false, OptionalDouble.of(1));

        ProduceSummary summary = send(plan, ProduceListener.SILENT);

        assertThat(summary.sent()).isEqualTo(3);
        assertThat(summary.passes()).isEqualTo(1);
    }

    @Test
    void stop_ends_the_run_after_the_current_image() throws Exception {
        ImageSender sender = new ImageSender(producer, "t", true, ticker);
        ProduceSummary summary = sender.send(SMALL, new ProducePlan(0, Optional.empty(), true, OptionalDouble.empty()),
                new ProduceListener() {
                    @Override
                    public void progress(long dispatched, long acknowledged, long failed) {
                        if (dispatched == 5) {
                            sender.stop();
                        }
                    }
                });
        assertThat(summary.sent()).isEqualTo(5);
    }

    @Test
    void send_failures_are_counted_and_reported_with_the_key() throws Exception {
        MockProducer<String, byte[]> failing = new MockProducer<>(false, null, new StringSerializer(), new ByteArraySerializer());
        List<String> failedKeys = new ArrayList<>();
        ProduceSummary summary = new ImageSender(failing, "t", true, ticker).send(SMALL, ProducePlan.once(),
                new ProduceListener() {
                    @Override
                    public void progress(long dispatched, long acknowledged, long failed) {
                        failing.errorNext(new RecordTooLargeException("too large")); // the broker refuses it
                    }

                    @Override
                    public void sendFailed(String key, Exception error) {
                        failedKeys.add(key + ": " + error.getMessage());
                    }
                });

        assertThat(summary.sendFailures()).isEqualTo(3);
        assertThat(summary.sent()).isZero();
        assertThat(failedKeys).containsExactly("a: too large", "b: too large", "c: too large");
    }
}
