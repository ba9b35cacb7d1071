package io.digits.producer.send;

import io.digits.core.kafka.KafkaClients;
import io.digits.mnist.MnistDataset;
import io.digits.producer.source.IdxSource;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Sends an MNIST data set, labels included, to a topic the way {@code ./digits produce} does (its producer settings,
 * the {@code KAFKA_*} variables honoured): how the demo and the benchmark feed the pipeline.
 */
public final class DatasetFeed {
    private DatasetFeed() {
    }

    /**
     * Sends the plan's share of {@code images}, then the {@code extra} records (the demo's corrupt ones), and waits for
     * every acknowledgement.
     *
     * @param forced producer settings over the usual ones (the bench turns linger off for a paced stream)
     */
    public static ProduceSummary send(KafkaClients clients, Map<?, ?> forced, String topic, MnistDataset images,
                                      ProducePlan plan, ProduceListener listener,
                                      List<ProducerRecord<String, byte[]>> extra) throws IOException, InterruptedException {
        try (KafkaProducer<String, byte[]> producer = ProducerSettings.imageProducer(clients, forced)) {
            ProduceSummary summary = new ImageSender(producer, topic, true, Ticker.SYSTEM)
                    .send(new IdxSource(images), plan, listener);
            extra.forEach(producer::send);
            producer.flush();
            return summary;
        }
    }
}
