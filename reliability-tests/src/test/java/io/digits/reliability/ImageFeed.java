package io.digits.reliability;

import io.digits.core.Topics;
import io.digits.mnist.MnistDataset;
import io.digits.mnist.MnistFiles;
import io.digits.producer.send.ImageSender;
import io.digits.producer.send.ProduceListener;
import io.digits.producer.send.ProducePlan;
import io.digits.producer.send.ProduceSummary;
import io.digits.producer.send.ProducerSettings;
import io.digits.producer.send.Ticker;
import io.digits.producer.source.IdxSource;
import io.digits.producer.source.ImageKeys;
import java.io.IOException;
import java.util.LinkedHashSet;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Real labelled MNIST images sent the way {@code ./digits produce} sends them (the producer module's sender and idx source). */
final class ImageFeed {
    private ImageFeed() {
    }

    /** The first {@code n} MNIST training images (60,000 are there; the test set has 10,000). */
    static MnistDataset mnistTrain(int n) throws IOException {
        return MnistFiles.defaultLocation().train().limit(n);
    }

    static MnistDataset mnistTest(int n) throws IOException {
        return MnistFiles.defaultLocation().test().limit(n);
    }

    /** The keys the producer gives the images of {@code dataset}. */
    static Set<String> keys(MnistDataset dataset) {
        Set<String> keys = new LinkedHashSet<>();
        for (int i = 0; i < dataset.size(); i++) {
            keys.add(ImageKeys.idx(dataset.name(), i));
        }
        return keys;
    }

    /** Sends {@code dataset} once to the images topic, as a backlog for the service. */
    static void backlog(String bootstrap, MnistDataset dataset) throws IOException, InterruptedException {
        send(bootstrap, Topics.IMAGES, dataset, ProducePlan.once());
    }

    /** Sends {@code dataset} once with labels, as fast as the broker takes it, and waits for every acknowledgement. */
    static ProduceSummary send(String bootstrap, String topic, MnistDataset dataset, ProducePlan plan)
            throws IOException, InterruptedException {
        try (KafkaProducer<String, byte[]> producer = producer(bootstrap)) {
            return new ImageSender(producer, topic, true, Ticker.SYSTEM)
                    .send(new IdxSource(dataset), plan, ProduceListener.SILENT);
        }
    }

    static KafkaProducer<String, byte[]> producer(String bootstrap) {
        Properties p = ProducerSettings.tuned();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.CLIENT_ID_CONFIG, "reliability-feed");
        return new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
    }
}
