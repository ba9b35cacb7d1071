package io.digits.trainer.compare;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** How a selection becomes offset ranges, on a topic of three partitions: 0 holds 10..500, 1 holds 0..80, 2 is empty. */
class StretchSelectionTest {
    private static final String TOPIC = "images";
    private static final List<Integer> PARTITIONS = List.of(0, 1, 2);
    private final MockConsumer<String, byte[]> consumer = new MockConsumer<>("earliest");

    @BeforeEach
    void topic() {
        consumer.updateBeginningOffsets(Map.of(tp(0), 10L, tp(1), 0L, tp(2), 0L));
        consumer.updateEndOffsets(Map.of(tp(0), 500L, tp(1), 80L, tp(2), 0L));
    }

    private static TopicPartition tp(int p) {
        return new TopicPartition(TOPIC, p);
    }

    private List<OffsetRange> resolve(String from, String to, Long max) {
        return new StretchSelection(Optional.ofNullable(from).map(PartitionOffsets::parse), Optional.empty(),
                Optional.ofNullable(to).map(PartitionOffsets::parse),
                max == null ? OptionalLong.empty() : OptionalLong.of(max))
                .resolve(consumer, TOPIC, PARTITIONS, Duration.ofSeconds(1));
    }

    @Test
    void everythingIsEachPartitionFromItsFirstToItsEndNow() {
        assertThat(StretchSelection.everything().resolve(consumer, TOPIC, PARTITIONS, Duration.ofSeconds(1)))
                .containsExactly(new OffsetRange(0, 10, 500), new OffsetRange(1, 0, 80), new OffsetRange(2, 0, 0));
    }

    @Test
    void oneStartOffsetForAllAndStartsBeforeTheFirstOrAfterTheEnd() {
        assertThat(resolve("5", null, null))
                .containsExactly(new OffsetRange(0, 10, 500), new OffsetRange(1, 5, 80), new OffsetRange(2, 0, 0));
        assertThat(resolve("100", null, null))
                .containsExactly(new OffsetRange(0, 100, 500), new OffsetRange(1, 80, 80), new OffsetRange(2, 0, 0));
    }

    @Test
    void pairsChooseThePartitionsAndEndOffsetsAreCappedAtTheEndNow() {
        assertThat(resolve("0:100,1:20", "0:250,1:1000", null))
                .containsExactly(new OffsetRange(0, 100, 250), new OffsetRange(1, 20, 80));
        assertThat(resolve("1:20", "30", null)).containsExactly(new OffsetRange(1, 20, 30));
        assertThat(resolve(null, "0:300", null))
                .containsExactly(new OffsetRange(0, 10, 300), new OffsetRange(1, 0, 80), new OffsetRange(2, 0, 0));
        assertThat(resolve("0:300", "0:200", null)).containsExactly(new OffsetRange(0, 200, 200));
    }

    @Test
    void partitionsTheTopicDoesNotHaveAreRefused() {
        assertThatThrownBy(() -> resolve("0:1,7:5", null, null))
                .hasMessage("--from-offsets names partition 7, but topic images has partitions 0..2");
        assertThatThrownBy(() -> resolve(null, "3:5", null))
                .hasMessage("--to-offsets names partition 3, but topic images has partitions 0..2");
        assertThatThrownBy(() -> resolve("0:1", "1:5", null))
                .hasMessage("--to-offsets names partition 1, which --from-offsets does not read");
        assertThatThrownBy(() -> resolve(null, null, 0L)).hasMessage("--max-records must be at least 1, was 0");
    }
}
